import { ConfigSchema, type ConfigInput } from '../config/config.schema';
import { startTarget, type RunningTarget } from '../../test/targets/start-target';
import type { ProbeProgress } from './check-ledger';
import { runProbes } from './engine';

/** A target with one fast list route; `failEvery` makes every Nth answer a 500. */
function configFor(url: string, load: Partial<NonNullable<ConfigInput['probes']>['load']> = {}) {
  return ConfigSchema.parse({
    version: 1,
    target: { name: 'load-target', baseUrl: url, healthcheck: { recoveryWait: '1s' } },
    routes: [{ id: 'list', method: 'GET', path: '/items' }],
    probes: {
      include: ['errors', 'load'],
      load: {
        route: 'list',
        executor: 'constant-arrival-rate',
        rate: 40,
        duration: '2s',
        ...load,
      },
    },
  } satisfies ConfigInput);
}

describe('runProbes with a load stage', () => {
  let target: RunningTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it('runs the stage last, reports it in `load`, and counts its checks in progress and summary', async () => {
    target = await startTarget((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[]');
    });
    const progress: ProbeProgress[] = [];
    const report = await runProbes(
      configFor(target.url, { thresholds: { http_req_duration: ['p(95)<5000'] } }),
      { onProgress: (event) => progress.push(event) },
    );

    expect(report.load?.executor).toBe('constant-arrival-rate');
    expect(report.load?.requests).toBeGreaterThanOrEqual(70);
    expect(report.load?.statusCounts).toEqual({ '200': report.load?.requests });
    const loadChecks = report.checks.filter((check) => check.code.startsWith('load.'));
    expect(loadChecks).toEqual([
      { code: 'load.threshold_failed', route: 'list', status: 'passed' },
      { code: 'load.server_errors', route: 'list', status: 'passed' },
    ]);
    expect(report.checks.at(-1)?.code).toBe('load.server_errors');
    expect(report.summary.checks).toBe(report.checks.length);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ done: last.total, total: report.checks.length, probe: 'load' });
  });

  it('turns 5xx under load into a load.server_errors finding', async () => {
    let answered = 0;
    target = await startTarget((_request, response) => {
      answered += 1;
      response.writeHead(answered % 5 === 0 ? 500 : 200, { 'content-type': 'application/json' });
      response.end('[]');
    });
    const report = await runProbes(configFor(target.url), { include: ['load'] });

    expect(report.findings.map((finding) => finding.code)).toEqual(['load.server_errors']);
    expect(report.findings[0]?.evidence.exchanges.length).toBeGreaterThan(0);
    expect(report.load?.failedRate).toBeGreaterThan(0.1);
  });

  it('reports the load stage as what broke a target that answers 500 for good after 40 requests', async () => {
    let served = 0;
    target = await startTarget((_request, response) => {
      served += 1;
      response.writeHead(served > 40 ? 500 : 200, { 'content-type': 'application/json' });
      response.end('[]');
    });
    const report = await runProbes(configFor(target.url));
    expect(report.findings[0]).toMatchObject({
      code: 'availability.broken_by_request',
      route: 'list',
    });
    expect(report.findings[0]!.title).toMatch(
      /^The target stopped working after the load stage \(\d+ requests to GET \/items\)$/,
    );
    expect(report.findings[0]!.evidence.recovered).toBe(false);
    expect(report.findings.map((finding) => finding.code)).toContain('load.server_errors');
  });

  it('records the load checks as `error` when the run is cancelled before the stage', async () => {
    target = await startTarget((_request, response) => {
      response.writeHead(200);
      response.end('[]');
    });
    const controller = new AbortController();
    controller.abort();
    const report = await runProbes(configFor(target.url), {
      include: ['load'],
      signal: controller.signal,
    });

    expect(report.load).toBeUndefined();
    expect(report.checks).toEqual([
      // The availability check goes with every run that sends, the load stage's too.
      {
        code: 'availability.broken_by_request',
        route: 'list',
        status: 'error',
        reason: 'cancelled',
      },
      { code: 'load.threshold_failed', route: 'list', status: 'error', reason: 'cancelled' },
      { code: 'load.server_errors', route: 'list', status: 'error', reason: 'cancelled' },
    ]);
  });
});
