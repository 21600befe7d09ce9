/**
 * @jest-environment node
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { FindingListSchema, TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';
import { payloadSizeFromBytes } from '@shakedown/core/estimator';
import { ReportSchema } from '@shakedown/core/report';
import type { BrowserContext, Page } from 'playwright-core';

import { largestAcceptedBytes } from '../src/features/estimator/utils/oversize-prefill';
import { launchBrowser } from './support/browser';
import { buildEverything, ROOT, startStack, type Stack } from './support/stack';
import { isSignedBy, startWebhookReceiver } from './support/webhook-receiver';

// The walk of issue 7 in real headless Chromium against the real API, worker, PostgreSQL and
// Redis: sign up → register the demo API → verify → run → progress to 100% → findings with
// evidence → a second run's history chart and comparison → the estimator pre-filled from the
// payload finding → a webhook and its test event. Each page is saved under e2e/screenshots/.

jest.setTimeout(20 * 60_000);

const SCREENSHOTS = path.join(__dirname, 'screenshots');
const STEP_TIMEOUT = 60_000;
const RUN_TIMEOUT = 5 * 60_000;

/** The demo's deliberate defects (examples/demo.yml). */
const DEMO_FINDINGS = [
  'idempotency.duplicate_on_parallel_retry',
  'schema.unknown_field_persisted',
  'payload.oversize_accepted',
  'ratelimit.spoofable_ip',
  'errors.stack_trace_leak',
];

let stack: Stack;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let targetUrl = '';
let firstRunUrl = '';
let secondRunUrl = '';

async function shot(name: string, target: Page = page, fullPage = true) {
  // Pages and charts load lazily: wait until nothing says it is still loading.
  await target
    .waitForFunction(
      () => !/Loading|Checking your session/.test(document.body.innerText),
      undefined,
      {
        timeout: 10_000,
      },
    )
    .catch(() => undefined);
  await target.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Waits for the page to reach `url`, failing at once with the message of an error panel. */
async function expectNavigation(url: RegExp) {
  const alert = page.getByRole('alert').first();
  try {
    await Promise.race([
      page.waitForURL(url),
      alert.waitFor().then(async () => {
        throw new Error(`the page showed an error: ${(await alert.textContent()) ?? ''}`);
      }),
    ]);
  } catch (error) {
    await shot(`failed-navigation-${Date.now()}`);
    throw error;
  }
}

/** Waits on the run page until the run has finished, noting every progress value it showed. */
async function watchRun(
  onRunning?: () => Promise<void>,
): Promise<{ seen: number[]; status: string }> {
  const seen: number[] = [];
  await page.getByRole('progressbar', { name: 'Checks done' }).waitFor({ timeout: STEP_TIMEOUT });
  const deadline = Date.now() + RUN_TIMEOUT;
  while (Date.now() < deadline) {
    // Both read in one go: React renders them from the same state.
    const { value, status } = await page.evaluate(() => ({
      value: Number(
        document
          .querySelector('[role="progressbar"][aria-label="Checks done"]')
          ?.getAttribute('aria-valuenow'),
      ),
      status: document.querySelector('[aria-label="Run progress"] .badge')?.textContent ?? '',
    }));
    if (seen.at(-1) !== value) seen.push(value);
    if (TERMINAL_RUN_STATUSES.some((terminal) => terminal === status)) return { seen, status };
    if (onRunning && status === 'running' && value > 0 && value < 100) {
      await onRunning();
      onRunning = undefined;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(
    `the run did not finish within ${RUN_TIMEOUT} ms; progress seen: ${seen.join(', ')}`,
  );
}

beforeAll(async () => {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  buildEverything();
  receiver = await startWebhookReceiver();
  stack = await startStack({ allow: [receiver.hostPort] });
  userDataDir = mkdtempSync(path.join(tmpdir(), 'shakedown-chromium-'));
  context = await launchBrowser(userDataDir);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.webUrl });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_TIMEOUT);
});

afterAll(async () => {
  await context?.close();
  await stack?.stop();
  await receiver?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe('the dashboard, end to end', () => {
  it('signs up and creates an organisation', async () => {
    await page.goto(`${stack.webUrl}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('analytical engine 1843');
    await shot('01-sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(/\/orgs\/new/);
    await page.getByLabel('Organisation name').fill('Analytical Engines Ltd');
    await shot('02-create-organisation');
    await page.getByRole('button', { name: 'Create organisation' }).click();

    await page.waitForURL(/\/targets$/);
    await page.getByText('No targets yet').waitFor();
    await expect(
      page.getByRole('combobox', { name: 'Organisation' }).inputValue(),
    ).resolves.toMatch(/^[0-9a-f-]{36}$/);
    await shot('03-targets-empty');
  });

  it('registers the demo API from its YAML config', async () => {
    const demo = readFileSync(path.join(ROOT, 'examples', 'demo.yml'), 'utf8')
      .replace('baseUrl: http://127.0.0.1:4010', `baseUrl: ${stack.demoUrl}`)
      // The load stage too, so the run page has load charts and the history a p95 line.
      .replace(
        'include: [idempotency, schema, tenant, errors, payload, ratelimit]',
        'include: [idempotency, schema, tenant, errors, payload, ratelimit, load]',
      )
      .replace('duration: 10s', 'duration: 5s');
    // The example file is another package's: fail loudly if its text moved.
    expect(demo).toContain(`baseUrl: ${stack.demoUrl}`);
    expect(demo).toMatch(/include: \[[^\]]*load\]/);
    await page.getByRole('link', { name: 'Register your first target' }).click();
    await page.waitForURL(/\/targets\/new/);
    await shot('04-register-target-form');
    await page.getByRole('tab', { name: 'YAML config' }).click();
    const editor = page.getByLabel('Target config (YAML)');
    // A mistake first: the editor points at its line as you type.
    await editor.fill(demo.replace('method: POST', 'method: SEND'));
    await page
      .getByRole('list', { name: 'Config problems' })
      .getByText('routes[0].method')
      .waitFor();
    await shot('05-register-target-yaml-error');
    await editor.fill(demo);
    await page.getByText('Valid config').waitFor();
    await page.getByRole('button', { name: 'Register target' }).click();
    await expectNavigation(/\/targets\/[0-9a-f-]{36}$/);
    targetUrl = page.url();
    await page.getByRole('heading', { name: 'demo-api' }).waitFor();
    await expect(page.getByLabel('Target config').textContent()).resolves.toContain(stack.demoUrl);
    // The tenants' tokens are write-only: the Config panel shows them masked (issue 12).
    const shown = (await page.getByLabel('Target config').textContent()) ?? '';
    expect(shown).toContain('Bearer ****ice');
    expect(shown).not.toMatch(/demo-token-(alice|bob)/);
  });

  it('verifies ownership', async () => {
    await page.getByRole('heading', { name: 'Ownership verification' }).waitFor();
    // The deployment allowlists the demo's address, so the API may have verified it already.
    const checkNow = page.getByRole('button', { name: 'Check now' });
    if ((await checkNow.count()) > 0) await checkNow.click();
    await page.getByText(/Verified by the deployment allowlist/).waitFor();
    await expect(page.getByRole('button', { name: 'Check now' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Start run' }).isEnabled()).resolves.toBe(true);
  });

  it('registers a second target with the form, which must prove ownership first', async () => {
    await page.goto(`${stack.webUrl}/targets/new`);
    await page.getByLabel('Target name').fill('staging-api');
    // localhost is loopback and not allowlisted here: the check is refused before any request.
    await page.getByLabel('Base URL').fill('http://localhost:9');
    const route = page.getByRole('group', { name: 'Route 1' });
    await route.getByLabel('Route id').fill('create-item');
    await route.getByLabel('Path', { exact: true }).fill('/items');
    await route.getByLabel('Sample body (JSON)').fill('{"name":"widget"}');
    await route.getByLabel('Created id (JSON Pointer)').fill('/id');
    await page.getByRole('button', { name: 'Register target' }).click();
    await expectNavigation(/\/targets\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'staging-api' }).waitFor();
    await page.getByLabel('Verification token').waitFor();
    await expect(page.getByRole('button', { name: 'Start run' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Check now' }).click();
    await page
      .getByText(/Last check failed|Could not check/)
      .first()
      .waitFor();
    await shot('06-verification-instructions');
    await page.goto(targetUrl);
    await page.getByRole('heading', { name: 'demo-api' }).waitFor();
    await shot('07-target-verified');
  });

  it('starts a run and watches its progress reach 100%', async () => {
    await page.goto(targetUrl);
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    firstRunUrl = page.url();
    await shot('08-run-in-progress');
    // A picture of the bar on its way, when the run is slow enough to catch one.
    const { seen, status } = await watchRun(() => shot('08-run-in-progress'));
    expect(status).toBe('completed');
    expect(seen.at(-1)).toBe(100);
    // The bar moved on this page, without a reload.
    expect(seen.length).toBeGreaterThan(1);
    await expect(page.getByTestId('run-progress-text').textContent()).resolves.toMatch(/^100%/);
  });

  it("shows the demo's findings with their evidence", async () => {
    const findings = page.getByRole('region', { name: 'Findings', exact: true });
    await findings.waitFor();
    for (const code of DEMO_FINDINGS) {
      await findings.getByText(code, { exact: true }).first().waitFor();
    }
    const payload = findings.getByRole('button', { name: /payload\.oversize_accepted/ });
    await payload.click();
    await expect(payload.getAttribute('aria-expanded')).resolves.toBe('true');
    const evidence = findings.getByRole('region', { name: 'Evidence' });
    await evidence.getByRole('article').first().waitFor();
    await expect(
      evidence.getByRole('button', { name: 'Copy as curl' }).first().isVisible(),
    ).resolves.toBe(true);
    await expect(
      findings.getByRole('region', { name: /How to fix payload\.oversize_accepted/ }).isVisible(),
    ).resolves.toBe(true);
    await page.getByRole('heading', { name: 'Load', exact: true }).waitFor();
    // The evidence makes the page long: the picture starts at the opened finding.
    await payload.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await shot('09-run-findings-evidence', page, false);
  });

  it('shows the history chart and the comparison after a second run', async () => {
    await page.goto(targetUrl);
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(
      (url) => /\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && url.href !== firstRunUrl,
    );
    secondRunUrl = page.url();
    const { status } = await watchRun();
    expect(status).toBe('completed');

    const comparison = page.getByRole('region', { name: 'Compared with earlier runs' });
    await comparison.waitFor();
    const persisting = comparison.getByRole('region', { name: 'Persisting findings' });
    for (const code of DEMO_FINDINGS) await persisting.getByText(code, { exact: true }).waitFor();
    await expect(
      comparison.getByRole('region', { name: 'New findings' }).textContent(),
    ).resolves.toContain('No regression.');
    await comparison.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await shot('10-run-comparison', page, false);

    // The report downloads: the spec's JSON report, JUnit XML and SARIF 2.1.0.
    const download = async (name: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name }).click(),
      ]);
      return readFileSync(await file.path(), 'utf8');
    };
    const report = ReportSchema.parse(JSON.parse(await download('Download JSON')));
    expect([...new Set(report.findings.map((finding) => finding.code))].sort()).toEqual(
      [...DEMO_FINDINGS].sort(),
    );
    await expect(download('Download JUnit XML')).resolves.toMatch(/^<\?xml[\s\S]*<testsuites/);
    const sarif = JSON.parse(await download('Download SARIF')) as { version?: string };
    expect(sarif.version).toBe('2.1.0');

    await page.goto(targetUrl);
    const chart = page.getByRole('figure', { name: 'Findings by severity per run' });
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    await expect(
      chart.locator('.recharts-cartesian-axis-tick-value', { hasText: '#2' }).count(),
    ).resolves.toBe(1);
    // One dot per run with a load stage. (Not the line itself: two runs with the same p95
    // draw a flat line, whose empty bounding box Playwright counts as hidden.)
    const latencyDots = page
      .getByRole('figure', { name: 'p95 latency over runs' })
      .locator('.recharts-line-dot');
    await latencyDots.nth(1).waitFor();
    await expect(latencyDots.count()).resolves.toBe(2);
    await shot('11-target-history');
  });

  it('opens the estimator pre-filled from the payload finding', async () => {
    await page.goto(secondRunUrl);
    const answer = await page.request.get(
      `${stack.webUrl}/api/runs/${secondRunUrl.split('/').at(-1)}/findings?code=payload.oversize_accepted`,
    );
    const findings = FindingListSchema.parse(await answer.json());
    const bytes = largestAcceptedBytes(findings.items[0]?.evidence);
    expect(bytes).toBeGreaterThan(16 * 1024);
    const expected = payloadSizeFromBytes(bytes!);

    const inline = page.getByRole('region', { name: 'Capacity risk of the oversize finding' });
    await expect(inline.getByLabel('Average payload size').inputValue()).resolves.toBe(
      String(expected.payloadSize),
    );

    const findingsList = page.getByRole('region', { name: 'Findings', exact: true });
    await findingsList.getByRole('button', { name: /payload\.oversize_accepted/ }).click();
    await findingsList
      .getByRole('link', { name: 'Estimate what accepting these bodies could cost' })
      .click();
    await page.waitForURL(/\/estimator\?/);
    await expect(page.getByLabel('Average payload size').inputValue()).resolves.toBe(
      String(expected.payloadSize),
    );
    await expect(page.getByLabel('Payload size unit').inputValue()).resolves.toBe(
      expected.payloadUnit,
    );
    await page.getByText(/pre-filled with the largest body route create-note accepted/).waitFor();
    await page.getByLabel('Request rate').fill('5');
    await page.getByTestId('estimate-raw').waitFor();
    await expect(page.getByTestId('estimate-warning').textContent()).resolves.toMatch(
      /Low|Medium|High/,
    );
    await page
      .getByRole('figure', { name: 'Growth over the period' })
      .locator('.recharts-line')
      .first()
      .waitFor();
    await shot('12-estimator-prefilled');
  });

  it('adds a webhook and sends a signed test event', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Description (optional)').fill('Local receiver');
    await page.getByRole('checkbox', { name: /run\.completed/ }).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const reveal = page.getByRole('region', { name: 'Signing secret of the new endpoint' });
    const secret = ((await reveal.getByLabel('Secret value').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await reveal.getByRole('button', { name: 'Done' }).click();

    const endpoint = page.getByRole('article', { name: `Endpoint ${receiver.url}` });
    await endpoint.getByRole('button', { name: 'Send test event' }).click();
    const log = endpoint.getByRole('table', { name: 'Delivery log' });
    await log.getByText('webhook.test').waitFor({ timeout: 2 * STEP_TIMEOUT });
    await log.getByText('succeeded').waitFor({ timeout: 2 * STEP_TIMEOUT });
    await shot('13-webhooks');

    const test = receiver.received.find((webhook) => webhook.body.includes('webhook.test'));
    expect(test).toBeDefined();
    expect(isSignedBy(test!, secret)).toBe(true);
  });

  it('shows the other pages: open findings, members, API keys, and 360 px wide', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Open findings' }).click();
    await page.getByRole('cell', { name: /payload\.oversize_accepted/ }).waitFor();
    await shot('14-open-findings');

    await nav.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('cell', { name: 'ada@example.com', exact: true }).waitFor();
    await page.getByLabel('Email to invite').fill('grace@example.com');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('region', { name: 'Invitation link' }).waitFor();
    await page.getByRole('cell', { name: 'grace@example.com', exact: true }).waitFor();
    await shot('15-members');

    await nav.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('GitHub Actions');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('region', { name: 'Your new API key' }).waitFor();
    await page.getByRole('cell', { name: 'GitHub Actions', exact: true }).waitFor();
    await shot('16-api-keys');

    await nav.getByRole('link', { name: 'Targets' }).click();
    await page.getByRole('link', { name: 'demo-api' }).waitFor();
    await page.getByRole('link', { name: 'Last run: completed' }).waitFor();
    await shot('17-targets');

    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 780 });
    await phone.goto(secondRunUrl);
    await phone.getByRole('region', { name: 'Findings', exact: true }).waitFor();
    // Nothing sticks out sideways at 360 px (tables and code scroll inside their own boxes).
    const wider = await phone.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((element) => !element.closest('.table-wrap, pre, .recharts-wrapper'))
        .slice(0, 5)
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').slice(0, 40)}"`,
        ),
    );
    expect(wider).toEqual([]);
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('18-run-360px', phone, false);
    await phone.close();
  });

  it('leads an expired session back to sign-in, and signs in and out again', async () => {
    await page.goto(`${stack.webUrl}/estimator`);
    await page.getByRole('heading', { name: 'Capacity risk estimator' }).waitFor();
    // The session cookie goes away (as when a session expires); the next API call answers 401.
    await context.clearCookies();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await page.waitForURL(/\/sign-in\?next=%2Fwebhooks/);
    await page.getByText('Your session has expired. Sign in again to carry on.').waitFor();
    await page.getByRole('heading', { name: 'Sign in to Shakedown' }).waitFor();
    await shot('19-sign-in-expired');

    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('analytical engine 1843');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/webhooks$/);
    await page.getByRole('article', { name: `Endpoint ${receiver.url}` }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    const session = await page.request.get(`${stack.webUrl}/api/auth/session`);
    expect(session.status()).toBe(401);
    await expect(page.getByText('Your session has expired').count()).resolves.toBe(0);
  });
});
