import { RunBudget } from '../http/budget';
import { loadConfig } from './testing/load-config';
import { startLoadTarget, type LoadTarget } from './testing/load-target';
import { runLoadStage } from './run-load-stage';

describe('thresholds on a real run', () => {
  let slow: LoadTarget;
  let flaky: LoadTarget;
  beforeAll(async () => {
    slow = await startLoadTarget({ delayMs: 20 });
    flaky = await startLoadTarget({ errorEvery: 10 });
  });
  afterAll(async () => {
    await slow.close();
    await flaky.close();
  });

  it('pass and fail exactly as written', async () => {
    const config = loadConfig(slow.url, {
      executor: 'constant-arrival-rate',
      rate: 50,
      duration: '2s',
      thresholds: {
        http_req_duration: ['p(95)<500', 'med<10', 'avg>=19', 'min>=19', 'max<5000'],
        http_req_failed: ['rate<0.01'],
      },
    });
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    expect(result.report.thresholds.map(({ expr, ok }) => [expr, ok])).toEqual([
      ['p(95)<500', true],
      ['med<10', false],
      ['avg>=19', true],
      ['min>=19', true],
      ['max<5000', true],
      ['rate<0.01', true],
    ]);
    const med = result.report.thresholds[1]!;
    expect(med.value).toBe(result.report.latencyMs.p50);
    const finding = result.findings.find((f) => f.code === 'load.threshold_failed');
    expect(finding?.title).toMatch(
      /^1 of 6 load thresholds failed: http_req_duration med<10 \(was \d+(\.\d+)? ms\)$/,
    );
    // Latency thresholds are shown with the slowest answers.
    expect(finding?.evidence.exchanges.length).toBeGreaterThan(0);
    expect(finding?.evidence.exchanges[0]?.response?.ms).toBeGreaterThanOrEqual(19.9);
    expect(result.findings.map((f) => f.code)).toEqual(['load.threshold_failed']);
  });

  it('fails a failed-rate threshold on a target with 10% of 5xx', async () => {
    const config = loadConfig(flaky.url, {
      executor: 'constant-vus',
      vus: 2,
      duration: '1s',
      thresholds: { http_req_failed: ['rate<0.05', 'rate<0.2'] },
    });
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    const [strict, lenient] = result.report.thresholds;
    expect(strict).toMatchObject({ expr: 'rate<0.05', ok: false });
    expect(lenient).toMatchObject({ expr: 'rate<0.2', ok: true });
    expect(strict!.value).toBeCloseTo(0.1, 2);
    expect(result.findings.map((f) => f.code).sort()).toEqual([
      'load.server_errors',
      'load.threshold_failed',
    ]);
  });

  it('abortOnFail stops the stage once its delay has passed, and says why', async () => {
    const config = loadConfig(slow.url, {
      executor: 'constant-arrival-rate',
      rate: 50,
      duration: '30s',
      thresholds: {
        http_req_duration: [{ threshold: 'p(95)<5', abortOnFail: true, delayAbortEval: '2s' }],
      },
    });
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    expect(result.abortedReason).toMatch(
      /^threshold http_req_duration p\(95\)<5 failed \(value \d+(\.\d+)?\) and has abortOnFail$/,
    );
    expect(result.report.abortedReason).toBe(result.abortedReason);
    // Not before 2 s of data (~100 requests, the last in flight cut off), long before 30 s.
    expect(result.report.requests).toBeGreaterThanOrEqual(90);
    expect(result.report.requests).toBeLessThan(1500);
    expect(result.checks).toContainEqual({
      code: 'load.threshold_failed',
      route: 'list-items',
      status: 'failed',
      reason: `the stage stopped early: ${result.abortedReason}`,
    });
  });

  it('abortOnFail waits for delayAbortEval: a late-judged threshold lets the stage finish', async () => {
    const config = loadConfig(slow.url, {
      executor: 'constant-arrival-rate',
      rate: 50,
      duration: '2s',
      thresholds: {
        http_req_duration: [{ threshold: 'p(95)<5', abortOnFail: true, delayAbortEval: '1m' }],
      },
    });
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    expect(result.abortedReason).toBeUndefined();
    expect(result.report.requests).toBe(100);
    expect(result.report.thresholds[0]).toMatchObject({ expr: 'p(95)<5', ok: false });
  });
});
