import { LoadSchema } from '../config/config.schema';
import { FindingSchema, LoadReportSchema, type Exchange } from '../report/report.schema';
import { createLatencyHistogram, encodeHistogram, toHistogramValue } from './latency-histogram';
import type { LoadShardResult } from './load-result.schema';
import { judgeLoadStage } from './load-verdict';

const load = LoadSchema.parse({
  route: 'list',
  executor: 'constant-arrival-rate',
  rate: 100,
  duration: '10s',
  thresholds: { http_req_duration: ['p(95)<300'], http_req_failed: ['rate<0.02'] },
});

const errorSample: Exchange = {
  request: { method: 'GET', url: 'http://127.0.0.1:1/list', headers: {} },
  response: { status: 503, headers: {}, bodyPreview: '{"error":"pool exhausted"}', ms: 12 },
};

/** `requests` answers of 20 ms, `serverErrors` of them 503, plus `transportErrors`. */
function raw(requests: number, serverErrors: number, transportErrors = 0): LoadShardResult {
  const histogram = createLatencyHistogram();
  for (let i = 0; i < requests; i++) histogram.recordValue(toHistogramValue(20));
  return {
    executor: 'constant-arrival-rate',
    route: 'list',
    durationMs: 10_000,
    scheduledIterations: 1000,
    requests: requests + transportErrors,
    transportErrors,
    serverErrors,
    statusCounts: requests > 0 ? { '200': requests - serverErrors, '503': serverErrors } : {},
    droppedIterations: 0,
    interruptedIterations: 0,
    bytesSent: 0,
    bytesReceived: 0,
    histogram: encodeHistogram(histogram),
    series: [{ t: 0, lengthMs: 1000, requests, errors: serverErrors + transportErrors, p95: 20 }],
    samples: { errors: serverErrors > 0 ? [errorSample] : [], slowest: [] },
    notes: [],
  };
}

describe('judgeLoadStage', () => {
  it('writes the load section exactly as the spec shows, plus the documented optional fields', () => {
    const { report } = judgeLoadStage(raw(1000, 0), load);
    expect(LoadReportSchema.parse(report)).toEqual(report);
    expect(Object.keys(report)).toEqual([
      'executor',
      'requests',
      'rps',
      'latencyMs',
      'failedRate',
      'statusCounts',
      'series',
      'thresholds',
      'droppedIterations',
      'transportErrors',
      'bytes',
    ]);
    expect(Object.keys(report.latencyMs)).toEqual(['p50', 'p90', 'p95', 'p99', 'max']);
    expect(report).toMatchObject({ requests: 1000, rps: 100, failedRate: 0 });
    expect(report.series).toEqual([{ t: 0, rps: 1000, p95: 20, errors: 0 }]);
  });

  it('allows 1% of errors and reports load.server_errors above it, with the first 5xx as evidence', () => {
    const atLimit = judgeLoadStage(raw(1000, 10), load);
    expect(atLimit.findings).toEqual([]);
    expect(atLimit.checks).toContainEqual({
      code: 'load.server_errors',
      route: 'list',
      status: 'passed',
    });

    const above = judgeLoadStage(raw(1000, 6, 5), load);
    const finding = above.findings.find((f) => f.code === 'load.server_errors');
    expect(FindingSchema.parse(finding)).toEqual(finding);
    expect(finding).toMatchObject({
      probe: 'load',
      route: 'list',
      severity: 'high',
      title: '1.09% of 1005 load requests failed (5xx or no answer)',
    });
    expect(finding!.detail).toMatch(/6 requests answered 5xx and 5 got no answer/);
    expect(finding!.evidence.exchanges).toEqual([errorSample]);
    expect(above.checks).toContainEqual({
      code: 'load.server_errors',
      route: 'list',
      status: 'failed',
    });
  });

  it('reports each failing threshold in one load.threshold_failed finding', () => {
    const result = judgeLoadStage(raw(1000, 30), load);
    expect(result.report.thresholds).toEqual([
      { metric: 'http_req_duration', expr: 'p(95)<300', ok: true, value: 20.015 },
      { metric: 'http_req_failed', expr: 'rate<0.02', ok: false, value: 0.03 },
    ]);
    const finding = result.findings.find((f) => f.code === 'load.threshold_failed');
    expect(finding?.title).toBe(
      '1 of 2 load thresholds failed: http_req_failed rate<0.02 (was 3%)',
    );
    expect(finding?.evidence.exchanges).toEqual([errorSample]);
    expect(result.checks).toContainEqual({
      code: 'load.threshold_failed',
      route: 'list',
      status: 'failed',
    });
  });

  it('skips the threshold check when none is configured', () => {
    const bare = LoadSchema.parse({ ...load, thresholds: {} });
    expect(judgeLoadStage(raw(100, 0), bare).checks).toEqual([
      {
        code: 'load.threshold_failed',
        route: 'list',
        status: 'skipped',
        reason: 'no thresholds configured',
      },
      { code: 'load.server_errors', route: 'list', status: 'passed' },
    ]);
  });

  it('judges nothing when no request completed: both checks are errors with the reason', () => {
    const result = judgeLoadStage({ ...raw(0, 0), abortedReason: 'cancelled' }, load);
    expect(result.findings).toEqual([]);
    expect(result.checks.map((check) => [check.status, check.reason])).toEqual([
      ['error', 'cancelled'],
      ['error', 'cancelled'],
    ]);
    expect(result.report.abortedReason).toBe('cancelled');
  });
});
