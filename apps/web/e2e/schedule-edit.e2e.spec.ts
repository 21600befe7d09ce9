/**
 * @jest-environment node
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';
import { parse } from 'yaml';

import type { Run, RunList, Target, TargetHistory } from '@shakedown/core/contract';

import {
  demoConfig,
  openBrowser,
  startSession,
  waitForRunEnd,
  type Session,
} from './support/browser';
import { ROOT, type Stack } from './support/stack';

// Issue 14 in real headless Chromium: a target edited in the page keeps its history; a schedule
// created in the page lists its next runs and starts a run; every page fits 390 px (measured),
// with a screenshot of each at 1440×900 and 390×844 for docs/dashboard.md.

jest.setTimeout(25 * 60_000);

const SHOTS = path.join(ROOT, 'docs', 'images', 'dashboard', 'responsive');
const SCHEDULE_WAIT = 7 * 60_000;

let session: Session;
let stack: Stack;
let page: Page;
let orgId = '';
let target: Target;
let runId = '';
let scheduleId = '';

/** Waits until nothing on the page says it is still loading. */
async function settled(on: Page) {
  await on
    .waitForFunction(
      () => !/Loading|Checking your session/.test(document.body.innerText),
      undefined,
      {
        timeout: 15_000,
      },
    )
    .catch(() => undefined);
}

/** Opens `url` at both widths: a screenshot of each, and the page's width measured at 390 px. */
async function walk(on: Page, name: string, url: string): Promise<{ name: string; width: number }> {
  await on.setViewportSize({ width: 1440, height: 900 });
  await on.goto(url);
  await settled(on);
  await on.screenshot({ path: path.join(SHOTS, `${name}-1440.png`), fullPage: true });
  await on.setViewportSize({ width: 390, height: 844 });
  await settled(on);
  await on.waitForTimeout(300);
  const width = await on.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await on.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
  return { name, width };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  session = await startSession('Katherine Johnson');
  ({ stack, page, orgId } = session);
  target = await session.call<Target>('POST', '/targets', parse(demoConfig(stack.demoUrl)));
  const started = await session.call<Run>('POST', `/targets/${target.id}/runs`, {
    probes: ['errors', 'schema'],
  });
  runId = (await waitForRunEnd(page, stack.webUrl, orgId, started.id)).id;
});

afterAll(async () => {
  await session?.close();
});

describe('finishing every job in the dashboard', () => {
  it('edits a target through its YAML with a diff, and keeps its run history', async () => {
    await page.goto(`${stack.webUrl}/targets/${target.id}`);
    await page.getByRole('link', { name: 'Edit target' }).click();
    await page.waitForURL(/\/edit$/);
    const editor = page.getByLabel('Target config (YAML)');
    const before = await editor.inputValue();
    expect(before).toContain('maxRps: 200');
    // The Form tab reads the stored YAML (its secrets masked) and applies back to it: untouched,
    // it gives the same document, so nothing changed.
    await page.getByRole('tab', { name: 'Form' }).click();
    const form = page.getByRole('form', { name: 'Edit the target config in the form' });
    await expect(form.getByLabel('Target name').inputValue()).resolves.toBe('demo-api');
    await form.getByRole('button', { name: 'Apply to the YAML' }).click();
    await page.getByText('Nothing changed yet.').waitFor();
    await expect(editor.inputValue()).resolves.toBe(before);
    await editor.fill(before.replace('maxRps: 200', 'maxRps: 150'));
    await page.getByText('Valid config').waitFor();
    const diff = page.getByLabel('Config changes');
    await expect(diff.locator('.config-diff__removed').textContent()).resolves.toContain(
      'maxRps: 200',
    );
    await expect(diff.locator('.config-diff__added').textContent()).resolves.toContain(
      'maxRps: 150',
    );
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/targets/${target.id}$`));
    // The router keeps the old page while the target page's chunk loads: wait for the new one.
    await page.getByRole('heading', { name: 'demo-api', exact: true }).waitFor();
    await expect(
      page.getByLabel('Target config', { exact: true }).textContent(),
    ).resolves.toContain('maxRps: 150');

    const saved = await session.call<Target>('GET', `/targets/${target.id}`);
    expect((saved.config.target as { budget: { maxRps: number } }).budget.maxRps).toBe(150);
    const history = await session.call<TargetHistory>('GET', `/targets/${target.id}/history`);
    expect(history.items.map((item) => item.runId)).toEqual([runId]);
    await page.getByRole('table').last().getByRole('link').first().waitFor();
  });

  it('creates a schedule in the page, lists its next runs, and it starts a run', async () => {
    await page.goto(`${stack.webUrl}/targets/${target.id}`);
    const form = page.getByRole('form', { name: 'Edit the schedule' });
    await form.getByLabel(/^Cron/).fill('*/5 * * * *');
    await form.getByText('Every 5 minutes').waitFor();
    await form.getByLabel('Time zone').fill('Europe/Paris');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    const next = page.getByRole('list', { name: 'Next runs' });
    await next.getByRole('listitem').nth(4).waitFor();
    await expect(next.getByRole('listitem').count()).resolves.toBe(5);
    await expect(page.getByLabel('Current schedule').textContent()).resolves.toContain(
      'Europe/Paris',
    );

    scheduleId = (await session.call<Target>('GET', `/targets/${target.id}`)).schedule?.id ?? '';
    expect(scheduleId).not.toBe('');
  });

  it('fits every page in 390 px (scrollWidth <= innerWidth), with screenshots at both widths', async () => {
    const pages: [string, string][] = [
      ['targets', '/targets'],
      ['target-detail', `/targets/${target.id}`],
      ['target-edit', `/targets/${target.id}/edit`],
      ['register-target', '/targets/new'],
      ['run-detail', `/runs/${runId}`],
      ['findings', '/findings'],
      ['estimator', '/estimator'],
      ['webhooks', '/webhooks'],
      ['members', '/settings/members'],
      ['api-keys', '/settings/api-keys'],
      ['create-org', '/orgs/new'],
      ['accept-invitation', '/invitations/accept?token=not-a-real-token'],
      ['not-found', '/no-such-page'],
    ];
    const widths = [];
    for (const [name, url] of pages) widths.push(await walk(page, name, `${stack.webUrl}${url}`));
    const signedOut = await openBrowser();
    try {
      for (const [name, url] of [
        ['sign-in', '/sign-in'],
        ['sign-up', '/sign-up'],
      ] as const) {
        widths.push(await walk(signedOut.page, name, `${stack.webUrl}${url}`));
      }
    } finally {
      await signedOut.close();
    }
    // Every page listed, none wider than the screen.
    expect(widths.filter((entry) => entry.width > 0)).toEqual([]);
    expect(widths).toHaveLength(pages.length + 2);
  });

  it('starts the scheduled run at its slot', async () => {
    const deadline = Date.now() + SCHEDULE_WAIT;
    let scheduled: Run | undefined;
    while (!scheduled && Date.now() < deadline) {
      const runs = await session.call<RunList>(
        'GET',
        `/runs?targetId=${target.id}&trigger=schedule`,
      );
      scheduled = runs.items[0];
      if (!scheduled) await page.waitForTimeout(5_000);
    }
    expect(scheduled?.scheduleId).toBe(scheduleId);
    await page.goto(`${stack.webUrl}/targets/${target.id}`);
    await page.getByRole('cell', { name: 'schedule' }).first().waitFor();
  });
});
