import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';

import { createDemoApi } from '@shakedown/demo-api';

import { ConfigSchema, type Config } from '../config/config.schema';
import { RunBudget } from '../http/budget';
import { parseConfigText } from '../config/parse-config';
import { summarise } from '../report/report.schema';
import { startNotesTarget, type NotesTarget } from '../../test/targets/notes.target';
import type { ProbeProgress } from './check-ledger';
import { TargetUnreachableError, runProbes } from './engine';

const DEMO_YML = path.resolve(__dirname, '../../../../examples/demo.yml');

function demoConfig(baseUrl: string, budget: Partial<Config['target']['budget']> = {}): Config {
  const parsed = parseConfigText(readFileSync(DEMO_YML, 'utf8'));
  if (!parsed.ok) throw new Error('examples/demo.yml is invalid');
  const { config } = parsed;
  return {
    ...config,
    target: { ...config.target, baseUrl, budget: { ...config.target.budget, ...budget } },
  };
}

describe('runProbes', () => {
  let demo: Server | undefined;
  let notes: NotesTarget | undefined;
  afterEach(async () => {
    if (demo) {
      demo.closeAllConnections();
      await new Promise((resolve) => demo!.close(resolve));
    }
    await notes?.close();
    demo = undefined;
    notes = undefined;
  });

  async function startDemo(): Promise<{ url: string; requests: () => number }> {
    demo = createDemoApi();
    let requests = 0;
    demo.on('request', () => {
      requests += 1;
    });
    await new Promise<void>((resolve) => demo!.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(demo.address() as { port: number }).port}`,
      requests: () => requests,
    };
  }

  it('never sends more than maxRequests: 50, and the checks it stopped are errors naming the budget', async () => {
    const { url, requests } = await startDemo();
    const report = await runProbes(demoConfig(url, { maxRequests: 50 }));
    expect(requests()).toBeLessThanOrEqual(50);
    // The suite needs far more than 50: the budget, not the suite, ended the run.
    expect(requests()).toBeGreaterThanOrEqual(45);
    const budgetReason = "the run's request budget (maxRequests 50) is used up";
    const stopped = report.checks.filter((check) => check.status === 'error');
    expect(stopped.length).toBeGreaterThan(0);
    for (const check of stopped) expect(check.reason).toBe(budgetReason);
    // What did complete kept its verdict.
    expect(
      report.checks.some((check) => check.status === 'passed' || check.status === 'failed'),
    ).toBe(true);
    expect(report.summary).toEqual(summarise(report.checks, report.findings));
  });

  it('shares a budget handed in, and reports every request through onResult', async () => {
    const { url, requests } = await startDemo();
    const budget = new RunBudget({
      maxRps: 500,
      maxRequests: 30,
      maxBytes: 50 * 1024 ** 2,
      maxDuration: 60_000,
    });
    let results = 0;
    await runProbes(demoConfig(url), {
      budget,
      onResult: () => {
        results += 1;
      },
    });
    expect(requests()).toBeLessThanOrEqual(30);
    expect(budget.requestsSent).toBe(30);
    expect(results).toBe(requests());
  });

  it('announces the total up front and reports every check once, reaching 100%', async () => {
    const { url } = await startDemo();
    const progress: ProbeProgress[] = [];
    const report = await runProbes(demoConfig(url), {
      onProgress: (event) => progress.push({ ...event }),
    });
    const totals = new Set(progress.map((event) => event.total));
    expect([...totals]).toEqual([report.checks.length]);
    const withCheck = progress.filter((event) => event.check);
    expect(withCheck).toHaveLength(report.checks.length);
    expect(withCheck.map((event) => event.done)).toEqual(
      report.checks.map((_, index) => index + 1),
    );
    expect(progress.at(-1)!.done).toBe(report.checks.length);
    // Probes run safest first: rate-limit bursts come after idempotency, schema and tenant checks.
    const firstOf = (probe: string) => progress.findIndex((event) => event.probe === probe);
    expect(firstOf('idempotency')).toBeLessThan(firstOf('tenant'));
    expect(firstOf('tenant')).toBeLessThan(firstOf('payload'));
    expect(firstOf('payload')).toBeLessThan(firstOf('ratelimit'));
  });

  it('runs only the probes asked for', async () => {
    const { url } = await startDemo();
    const report = await runProbes(demoConfig(url), { include: ['tenant'] });
    expect(new Set(report.checks.map((check) => check.code.split('.')[0]))).toEqual(
      new Set(['availability', 'tenant', 'auth']),
    );
    expect(report.load).toBeUndefined();
  });

  it('throws TargetUnreachableError when nothing answers before any probe', async () => {
    const { url } = await startDemo();
    demo!.closeAllConnections();
    await new Promise((resolve) => demo!.close(resolve));
    demo = undefined;
    await expect(runProbes(demoConfig(url))).rejects.toBeInstanceOf(TargetUnreachableError);
    await expect(runProbes(demoConfig(url))).rejects.toThrow(
      `${url} cannot be reached: connection refused`,
    );
  });

  it('turns the remaining checks into errors once the target stops answering', async () => {
    notes = await startNotesTarget({});
    const config = ConfigSchema.parse(notes.config());
    let closed = false;
    const report = await runProbes(config, {
      onProgress: (event) => {
        // The target dies as the schema probe starts.
        if (event.probe === 'schema' && !closed) {
          closed = true;
          void notes!.close();
        }
      },
    });
    const afterDeath = report.checks.filter((check) => !check.code.startsWith('idempotency.'));
    const decided = afterDeath.filter(
      (check) => check.status === 'passed' || check.status === 'failed',
    );
    expect(decided).toEqual([]);
    const reasons = new Set(
      afterDeath.filter((check) => check.status === 'error').map((check) => check.reason),
    );
    expect(
      [...reasons].some((reason) =>
        reason!.startsWith('the target stopped answering: connection refused'),
      ),
    ).toBe(true);
    expect(
      report.checks
        .filter((check) => check.code.startsWith('idempotency.') && check.route === 'create-note')
        .every((check) => check.status === 'passed'),
    ).toBe(true);
  });

  it('makes a check an error, not a verdict, when a 429 outside the rate-limit probes asks for too long a wait', async () => {
    // The list answers 429 to everyone for an hour: tenant.list_leak cannot get an answer.
    notes = await startNotesTarget({ rateLimit: { limit: 0, windowMs: 3_600_000, key: 'socket' } });
    const report = await runProbes(ConfigSchema.parse(notes.config()), { include: ['tenant'] });
    expect(report.checks.find((check) => check.code === 'tenant.list_leak')).toEqual({
      code: 'tenant.list_leak',
      route: 'create-note',
      status: 'error',
      reason:
        'the target answered 429 (rate limited) and asks to wait 3600 s, longer than the run can wait',
    });
    // Only that check: the others of the route, before and after it, are decided.
    const others = report.checks.filter(
      (check) => check.route === 'create-note' && check.code !== 'tenant.list_leak',
    );
    expect(others.map((check) => check.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
  });

  it('stops soon after cancellation: unfinished checks are errors saying so', async () => {
    const { url } = await startDemo();
    const controller = new AbortController();
    const logs: string[] = [];
    const report = await runProbes(demoConfig(url), {
      signal: controller.signal,
      onLog: (_level, message) => logs.push(message),
      onProgress: (event) => {
        if (event.done === 3) controller.abort();
      },
    });
    const cancelled = report.checks.filter((check) => check.status === 'error');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const check of cancelled) expect(check.reason).toBe('cancelled');
    expect(report.checks.filter((check) => check.status !== 'error').length).toBeLessThan(
      report.checks.length,
    );
  });
});
