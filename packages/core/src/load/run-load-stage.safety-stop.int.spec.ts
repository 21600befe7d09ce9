import { RunBudget } from '../http/budget';
import { loadConfig } from './testing/load-config';
import { startLoadTarget, type LoadTargetOptions } from './testing/load-target';
import { runLoadStage } from './run-load-stage';

async function runAgainst(options: LoadTargetOptions) {
  const target = await startLoadTarget(options);
  try {
    const config = loadConfig(target.url, {
      executor: 'constant-arrival-rate',
      rate: 50,
      duration: '40s',
    });
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    return { result, received: target.received };
  } finally {
    await target.close();
  }
}

describe('the stage stops itself when it is hurting the target', () => {
  it('p95 above 10× the first seconds’ for 5 s in a row: stopped and reported as such', async () => {
    // 2 s answers from 4 s on: far above 10× any baseline, even one a busy machine inflated.
    const { result, received } = await runAgainst({
      delayMs: 1,
      degradeAfter: { afterMs: 4000, delayMs: 2000 },
    });
    expect(result.abortedReason).toMatch(
      /^the target degraded: p95 stayed above [\d.]+ ms \(10× the baseline p95 of [\d.]+ ms\) for 5 s in a row \(last second: [\d.]+ ms\)$/,
    );
    expect(result.report.abortedReason).toBe(result.abortedReason);
    // Stopped about 11 s in (4 s healthy, 2 s until the first slow answers, 5 s degraded), far
    // from the planned 40 s.
    expect(received).toBeLessThan(50 * 20);
    expect(result.report.latencyMs.p99).toBeGreaterThanOrEqual(2000);
  }, 60_000);

  it('more than 50% errors for 5 s in a row: stopped, and load.server_errors says why', async () => {
    const { result, received } = await runAgainst({ failAfterMs: 2000 });
    expect(result.abortedReason).toBe(
      'the target is failing: more than 50% of requests failed (5xx or transport errors) for 5 s in a row',
    );
    expect(received).toBeLessThan(50 * 15);
    const finding = result.findings.find((f) => f.code === 'load.server_errors');
    expect(finding?.detail).toContain(`The stage stopped early: ${result.abortedReason}.`);
  }, 60_000);
});
