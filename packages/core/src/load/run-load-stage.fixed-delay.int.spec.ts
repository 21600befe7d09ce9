import { RunBudget } from '../http/budget';
import { loadConfig } from './testing/load-config';
import { startLoadTarget, type LoadTarget } from './testing/load-target';
import { runLoadStage } from './run-load-stage';

describe('runLoadStage against a target that always answers after 20 ms', () => {
  let target: LoadTarget;
  beforeAll(async () => {
    target = await startLoadTarget({ delayMs: 20 });
  });
  afterAll(() => target.close());

  it('open model: p50 ≈ 20 ms, every scheduled request answered 200', async () => {
    const config = loadConfig(target.url, {
      executor: 'constant-arrival-rate',
      rate: 50,
      duration: '3s',
    });
    const before = target.received;
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });

    const { report } = result;
    expect(report.requests).toBe(150);
    expect(target.received - before).toBe(150);
    expect(report.statusCounts).toEqual({ '200': 150 });
    // The server waits 20 ms; timers and loopback add a little, never take any away.
    expect(report.latencyMs.p50).toBeGreaterThanOrEqual(19.9);
    expect(report.latencyMs.p50).toBeLessThan(40);
    expect(report.latencyMs.max).toBeGreaterThanOrEqual(report.latencyMs.p99);
    expect(report.series.map((point) => point.t)).toEqual([0, 1, 2]);
    expect(report.series.reduce((sum, point) => sum + point.rps, 0)).toBe(150);
    expect(result.droppedIterations).toBe(0);
    expect(result.abortedReason).toBeUndefined();
    expect(result.checks).toEqual([
      {
        code: 'load.threshold_failed',
        route: 'list-items',
        status: 'skipped',
        reason: 'no thresholds configured',
      },
      { code: 'load.server_errors', route: 'list-items', status: 'passed' },
    ]);
  });

  it('closed model: p50 ≈ 20 ms and about vus / 20 ms requests per second', async () => {
    const config = loadConfig(target.url, { executor: 'constant-vus', vus: 4, duration: '2s' });
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });

    expect(result.report.executor).toBe('constant-vus');
    expect(result.report.latencyMs.p50).toBeGreaterThanOrEqual(19.9);
    expect(result.report.latencyMs.p50).toBeLessThan(40);
    // 4 VUs × 2 s / ~21 ms ≈ 380; a loaded machine gives fewer, and no VU fits more than 101.
    expect(result.report.requests).toBeGreaterThan(100);
    expect(result.report.requests).toBeLessThanOrEqual(4 * 101);
    expect(result.report.statusCounts).toEqual({ '200': result.report.requests });
  });
});
