/**
 * @jest-environment node
 */
import type { Page } from 'playwright-core';
import { parse } from 'yaml';

import type { Run, RunComparison, Target } from '@shakedown/core/contract';

import { demoConfig, startSession, waitForRunEnd, type Session } from './support/browser';
import type { Stack } from './support/stack';

// Issue 14 in real headless Chromium against the real API, worker, PostgreSQL and Redis: a run
// that decided too little is inconclusive (never an all-clear), and a partial run resolves
// nothing it did not re-test and fires no regression.

jest.setTimeout(20 * 60_000);

let session: Session;
let stack: Stack;
let page: Page;
let orgId = '';

/** A run of `probes` started through the API, waited for. */
async function runThroughApi(targetId: string, probes?: string[]): Promise<Run> {
  const started = await session.call<Run>(
    'POST',
    `/targets/${targetId}/runs`,
    probes ? { probes } : {},
  );
  return waitForRunEnd(page, stack.webUrl, orgId, started.id);
}

beforeAll(async () => {
  session = await startSession('Grace Hopper');
  ({ stack, page, orgId } = session);
});

afterAll(async () => {
  await session?.close();
});

describe('honest verdicts', () => {
  it('shows a run whose requests all answered 401 as inconclusive, with the reason', async () => {
    const yaml = demoConfig(stack.demoUrl, (text) =>
      text
        .replace('name: demo-api', 'name: wrong-credentials')
        .replaceAll('demo-token-', 'expired-token-'),
    );
    expect(yaml).toContain('expired-token-alice');
    await page.goto(`${stack.webUrl}/targets/new`);
    // Form → YAML → Form keeps what was typed in the form.
    await page.getByLabel('Target name').fill('typed-before-switching');
    await page.getByRole('tab', { name: 'YAML config' }).click();
    await page.getByRole('tab', { name: 'Form' }).click();
    await expect(page.getByLabel('Target name').inputValue()).resolves.toBe(
      'typed-before-switching',
    );
    await page.getByRole('tab', { name: 'YAML config' }).click();
    await page.getByLabel('Target config (YAML)').fill(yaml);
    await page.getByText('Valid config').waitFor();
    await page.getByRole('button', { name: 'Register target' }).click();
    await page.waitForURL(/\/targets\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'wrong-credentials' }).waitFor();
    const checkNow = page.getByRole('button', { name: 'Check now' });
    if ((await checkNow.count()) > 0) await checkNow.click();
    await page.getByText(/Verified by the deployment allowlist/).waitFor();

    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').at(-1)!;
    const run = await waitForRunEnd(page, stack.webUrl, orgId, runId);
    expect(run.status).toBe('completed');
    expect(run.summary?.verdict?.outcome).toBe('inconclusive');

    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.locator('[data-outcome="inconclusive"]').waitFor();
    await expect(
      summary.getByRole('list', { name: 'Why the run is inconclusive' }).textContent(),
    ).resolves.toMatch(/checks?: the target answered 401 — check the credentials/);
    const undecided = page.getByRole('region', { name: /Skipped and not completed checks/ });
    await expect(undecided.textContent()).resolves.toContain('answered 401');
    await expect(page.getByText(/this run is inconclusive/).count()).resolves.toBe(1);

    await page.goto(`${stack.webUrl}/targets`);
    const row = page.getByRole('row', { name: /wrong-credentials/ });
    await row.locator('[data-outcome="inconclusive"]').waitFor();
    await expect(row.textContent()).resolves.toContain('the target answered 401');
    await expect(row.getByText('none', { exact: true }).count()).resolves.toBe(0);
  });
});

describe('comparisons, like with like', () => {
  it('resolves nothing a partial run did not re-test, and fires no regression', async () => {
    const config = parse(demoConfig(stack.demoUrl)) as Record<string, unknown>;
    const target = await session.call<Target>('POST', '/targets', config);
    const full = await runThroughApi(target.id);
    expect(full.status).toBe('completed');
    expect(full.summary?.failed).toBeGreaterThan(1);

    // The partial run, started in the page: the errors probe only.
    await page.goto(`${stack.webUrl}/targets/${target.id}`);
    await page.getByRole('radio', { name: 'Only some' }).check();
    await page
      .getByRole('group', { name: 'Probes to run' })
      .getByRole('checkbox')
      .first()
      .waitFor();
    await page.getByRole('checkbox', { name: /^errors/ }).check();
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const partialId = page.url().split('/').at(-1)!;
    const partial = await waitForRunEnd(page, stack.webUrl, orgId, partialId);
    expect(partial.probes).toEqual(['errors']);
    expect(partial.regressionCount).toBe(0);
    const comparison = await session.call<RunComparison>('GET', `/runs/${partialId}/comparison`);
    expect(comparison.resolved).toEqual([]);
    expect(comparison.notRetested.map((finding) => finding.code)).toContain(
      'idempotency.duplicate_on_parallel_retry',
    );
    const panel = page.getByRole('region', { name: 'Compared with earlier runs' });
    await panel
      .getByRole('region', { name: 'Resolved findings' })
      .getByText('Nothing was resolved.')
      .waitFor();
    await panel
      .getByRole('region', { name: 'Not re-tested findings' })
      .getByText('idempotency.duplicate_on_parallel_retry')
      .waitFor();

    // The next full run finds the same defects: none is new, so no run.regressed.
    const again = await runThroughApi(target.id);
    expect(again.regressionCount).toBe(0);
    const after = await session.call<RunComparison>('GET', `/runs/${again.id}/comparison`);
    expect(after.new).toEqual([]);
    expect(after.persisting.length).toBeGreaterThan(1);

    await page.goto(`${stack.webUrl}/targets/${target.id}`);
    const runs = page.getByRole('table').last();
    await runs.getByText('errors', { exact: true }).waitFor();
    await page.getByRole('figure', { name: 'Verdict and coverage per run' }).waitFor();
  });
});
