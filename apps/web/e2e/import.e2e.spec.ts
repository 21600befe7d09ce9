/**
 * @jest-environment node
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';
import type { BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';

import { launchBrowser } from './support/browser';
import { buildEverything, startStack, type Stack } from './support/stack';

// Issue 11 in the dashboard: the demo API's own OpenAPI document imported through the
// Import OpenAPI tab from its URL, the two tenants' tokens typed in, a run, and the demo's findings, in
// headless Chromium against the real API, worker, PostgreSQL and Redis.

jest.setTimeout(20 * 60_000);

const SCREENSHOTS = path.join(__dirname, 'screenshots', 'import');
const RUN_TIMEOUT = 5 * 60_000;

/** The demo's deliberate defects, what examples/demo.yml reports. */
const DEMO_FINDINGS = [
  'idempotency.duplicate_on_parallel_retry',
  'schema.unknown_field_persisted',
  'payload.oversize_accepted',
  'ratelimit.spoofable_ip',
  'errors.stack_trace_leak',
];

let stack: Stack;
let context: BrowserContext;
let page: Page;
let workDir: string;

const shot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  buildEverything();
  stack = await startStack();
  workDir = mkdtempSync(path.join(tmpdir(), 'shakedown-import-e2e-'));
  context = await launchBrowser(path.join(workDir, 'profile'));
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.webUrl });
});

afterAll(async () => {
  await context?.close();
  await stack?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('importing the demo API through the dashboard', () => {
  it('signs up and creates an organisation', async () => {
    await page.goto(`${stack.webUrl}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('Password').fill('compiler cobol 1959');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/orgs\/new/);
    await page.getByLabel('Organisation name').fill('Naval Computing');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL(/\/targets$/);
    await expect(
      page.getByRole('combobox', { name: 'Organisation' }).inputValue(),
    ).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });

  it("drafts from the demo's document, shows what it kept and left out, and takes the tenants' tokens", async () => {
    // The URL the demo serves its document at, downloaded by the API through its SSRF guard
    // (the stack allowlists the demo's 127.0.0.1 address).
    await page.goto(`${stack.webUrl}/targets/new`);
    await page.getByRole('tab', { name: 'Import OpenAPI' }).click();
    await page.getByLabel('From URL').fill(`${stack.demoUrl}/openapi.json`);
    await page.getByLabel('Base URL (optional)').fill(stack.demoUrl);
    await page.getByRole('button', { name: 'Make a draft config' }).click();
    const review = page.getByRole('region', { name: 'OpenAPI draft' });
    await review.getByRole('heading', { name: /^Draft of demo-api: \d+ routes? from/ }).waitFor();
    const kept = review.getByRole('list', { name: 'Kept operations' });
    await kept.getByText('POST /notes', { exact: true }).waitFor();
    await kept.getByText('DELETE /notes/{id}', { exact: true }).waitFor();
    await shot('01-draft-review');

    // The draft is not used until both tenants' credentials are there.
    await page.getByLabel('TENANT_A_BEARER').fill('demo-token-alice');
    await page.getByRole('button', { name: 'Use this draft' }).click();
    await page.getByText('Enter TENANT_B_BEARER.').waitFor();
    await page.getByLabel('TENANT_B_BEARER').fill('demo-token-bob');
    await page.getByRole('button', { name: 'Use this draft' }).click();

    const editor = page.getByLabel('Target config (YAML)');
    await page.getByText('Valid config').waitFor();
    const yaml = await editor.inputValue();
    expect(yaml).toContain('Bearer demo-token-alice');
    expect(yaml).toContain(`baseUrl: ${stack.demoUrl}`);
    expect(yaml).not.toContain('${TENANT_');
    await shot('02-draft-in-editor');

    // YAML → Form: the draft's values in the form, what it cannot show named, and the same
    // document back in the YAML.
    await page.getByRole('tab', { name: 'Form' }).click();
    const form = page.getByRole('tabpanel', { name: 'Form' });
    await expect(form.getByLabel('Target name').inputValue()).resolves.toBe('demo-api');
    await expect(form.getByLabel('Base URL').inputValue()).resolves.toBe(stack.demoUrl);
    await expect(form.getByLabel('How the API takes credentials').inputValue()).resolves.toBe(
      'bearer',
    );
    await expect(form.getByLabel('Identity 1 token').inputValue()).resolves.toBe(
      'demo-token-alice',
    );
    await shot('02b-draft-in-form');
    await form.getByRole('button', { name: 'Edit the full config as YAML' }).click();
    await page.getByText('Valid config').waitFor();
    expect(parse(await editor.inputValue())).toEqual(parse(yaml));
    await page.getByRole('button', { name: 'Register target' }).click();
    await page.waitForURL(/\/targets\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'demo-api' }).waitFor();
  });

  it("runs the imported target and shows the demo's findings", async () => {
    const checkNow = page.getByRole('button', { name: 'Check now' });
    if ((await checkNow.count()) > 0) await checkNow.click();
    await page.getByText(/Verified by the deployment allowlist/).waitFor();
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const deadline = Date.now() + RUN_TIMEOUT;
    let status = '';
    while (Date.now() < deadline) {
      status = await page.evaluate(
        () => document.querySelector('[aria-label="Run progress"] .badge')?.textContent ?? '',
      );
      if (TERMINAL_RUN_STATUSES.some((terminal) => terminal === status)) break;
      await page.waitForTimeout(500);
    }
    expect(status).toBe('completed');
    const findings = page.getByRole('region', { name: 'Findings', exact: true });
    await findings.waitFor();
    for (const code of DEMO_FINDINGS) {
      await findings.getByText(code, { exact: true }).first().waitFor();
    }
    const shown = await findings
      .getByText(/^(auth|tenant|idempotency|schema|payload|ratelimit|errors)\.[a-z_]+$/)
      .allTextContents();
    expect([...new Set(shown)].sort()).toEqual([...DEMO_FINDINGS].sort());
    await shot('03-run-findings');

    // An owner copies a replay with the tenant's real token, revealed through the audited
    // endpoint; the plain copy stays masked.
    const finding = findings.getByRole('button', { name: /errors\.stack_trace_leak/ }).first();
    await finding.click();
    const exchange = findings
      .getByRole('region', { name: 'Evidence' })
      .getByRole('article')
      .first();
    await exchange.getByRole('button', { name: 'Copy as curl' }).click();
    const masked = await page.evaluate(() => navigator.clipboard.readText());
    expect(masked).toMatch(/Bearer \*\*\*\*/);
    await exchange.getByRole('button', { name: 'Copy with real credentials' }).click();
    await exchange.getByText('Copied with real credentials (the reveal is audited)').waitFor();
    const real = await page.evaluate(() => navigator.clipboard.readText());
    expect(real).toMatch(/Bearer demo-token-(alice|bob)/);
    expect(real).not.toContain('****');
  });
});
