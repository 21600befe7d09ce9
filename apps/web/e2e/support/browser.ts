import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TERMINAL_RUN_STATUSES, type Run } from '@shakedown/core/contract';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { buildEverything, ROOT, startStack, type Stack } from './stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian Chromium with its profile in `userDataDir`, nothing phoning home. */
export function launchBrowser(
  userDataDir: string,
  viewport = { width: 1440, height: 900 },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
  });
}

/** A fresh headless Chromium profile, closed with its folder by `close`. */
export async function openBrowser(): Promise<{
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'shakedown-chromium-'));
  const context = await launchBrowser(userDataDir);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** examples/demo.yml aimed at the test's demo API, with `edit` applied to its text. */
export function demoConfig(demoUrl: string, edit: (text: string) => string = (text) => text) {
  const text = edit(
    readFileSync(path.join(ROOT, 'examples', 'demo.yml'), 'utf8').replace(
      'baseUrl: http://127.0.0.1:4010',
      `baseUrl: ${demoUrl}`,
    ),
  );
  if (!text.includes(`baseUrl: ${demoUrl}`)) throw new Error('examples/demo.yml moved its baseUrl');
  return text;
}

/** Calls the API as the signed-in browser (its cookie and organisation). */
export async function apiCall<T>(
  page: Page,
  webUrl: string,
  orgId: string,
  method: 'GET' | 'POST' | 'PUT',
  apiPath: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { 'x-org-id': orgId, 'content-type': 'application/json' };
  if (method !== 'GET') {
    const session = await page.request.get(`${webUrl}/api/auth/session`);
    headers['x-csrf-token'] = ((await session.json()) as { csrfToken: string }).csrfToken;
  }
  const answer = await page.request.fetch(`${webUrl}/api${apiPath}`, {
    method,
    headers,
    ...(body === undefined ? {} : { data: JSON.stringify(body) }),
  });
  if (!answer.ok())
    throw new Error(`${method} ${apiPath}: ${answer.status()} ${await answer.text()}`);
  return (await answer.json()) as T;
}

/** Polls a run through the API until it ends (bounded). */
export async function waitForRunEnd(
  page: Page,
  webUrl: string,
  orgId: string,
  runId: string,
  timeoutMs = 5 * 60_000,
): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const run = await apiCall<Run>(page, webUrl, orgId, 'GET', `/runs/${runId}`);
    if (TERMINAL_RUN_STATUSES.some((status) => status === run.status)) return run;
    await page.waitForTimeout(500);
  }
  throw new Error(`run ${runId} did not end within ${timeoutMs} ms`);
}

/** Signs up and creates an organisation through the pages; returns the organisation's id. */
export async function signUpWithOrg(page: Page, webUrl: string, who: string): Promise<string> {
  await page.goto(`${webUrl}/sign-up`);
  await page.getByLabel('Name').fill(who);
  await page.getByLabel('Email').fill(`${who.toLowerCase().replace(/\W+/g, '.')}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/orgs\/new/);
  await page.getByLabel('Organisation name').fill(`${who} Ltd`);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await page.waitForURL(/\/targets$/);
  return page.getByRole('combobox', { name: 'Organisation' }).inputValue();
}

/** The product, a browser and a signed-up user with an organisation, for one spec file. */
export interface Session {
  stack: Stack;
  page: Page;
  orgId: string;
  call<T>(method: 'GET' | 'POST' | 'PUT', apiPath: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startSession(who: string): Promise<Session> {
  buildEverything();
  const stack = await startStack();
  let browser: Awaited<ReturnType<typeof openBrowser>> | undefined;
  try {
    browser = await openBrowser();
    const { page } = browser;
    const orgId = await signUpWithOrg(page, stack.webUrl, who);
    const opened = browser;
    return {
      stack,
      page,
      orgId,
      call: (method, apiPath, body) => apiCall(page, stack.webUrl, orgId, method, apiPath, body),
      close: async () => {
        await opened.close();
        await stack.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await stack.stop();
    throw error;
  }
}
