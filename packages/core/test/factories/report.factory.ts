import { summarise, type Check, type Finding, type Report } from '../../src/report/report.schema';

/**
 * A report shaped like a real run: every status, two probes' findings, a load stage, and
 * evidence full of characters that break naive XML and JSON writers.
 */
export function buildReport(overrides: Partial<Omit<Report, 'summary'>> = {}): Report {
  const checks: Check[] = overrides.checks ?? [
    { code: 'idempotency.duplicate_on_retry', route: 'create-order', status: 'passed' },
    { code: 'idempotency.duplicate_on_parallel_retry', route: 'create-order', status: 'failed' },
    { code: 'schema.unknown_field_persisted', route: 'create-order', status: 'failed' },
    { code: 'schema.malformed_json_5xx', route: 'create-order', status: 'passed' },
    {
      code: 'tenant.cross_read',
      route: 'create-order',
      status: 'skipped',
      reason: 'only one tenant configured',
    },
    {
      code: 'tenant.cross_write',
      route: 'create-order',
      status: 'skipped',
      reason: 'only one tenant configured',
    },
    {
      code: 'payload.oversize_accepted',
      route: 'upload <files> & "docs"',
      status: 'error',
      reason: 'run budget exhausted: maxBytes (200 MB) reached',
    },
    { code: 'errors.stack_trace_leak', route: 'list-orders', status: 'failed' },
    { code: 'load.threshold_failed', route: 'list-orders', status: 'passed' },
  ];
  const findings: Finding[] = overrides.findings ?? [
    {
      code: 'idempotency.duplicate_on_parallel_retry',
      probe: 'idempotency',
      route: 'create-order',
      severity: 'critical',
      title: 'Parallel retries with one Idempotency-Key created 3 orders',
      detail: '8 requests with key 6f1c… created ids 41, 42, 43.',
      evidence: {
        exchanges: Array.from({ length: 8 }, (_, index) => ({
          request: {
            method: 'POST',
            url: 'http://127.0.0.1:4010/orders',
            headers: { 'idempotency-key': '6f1c', authorization: '***' },
            bodyPreview: '{"item":"book","qty":1}',
          },
          response: {
            status: 201,
            headers: { 'content-type': 'application/json' },
            bodyPreview: `{"id":${41 + (index % 3)}}`,
            ms: 12.4 + index,
          },
          note: `parallel request ${index + 1} of 8`,
        })),
      },
    },
    {
      code: 'schema.unknown_field_persisted',
      probe: 'schema',
      route: 'create-order',
      severity: 'high',
      title: 'Unknown field "isAdmin" was stored & read back <as true>',
      detail:
        "The read-back of order 44 holds isAdmin: true; the route's schema never accepted it.",
      evidence: {
        exchanges: [
          {
            request: {
              method: 'POST',
              url: 'http://127.0.0.1:4010/orders?x=1&y=2',
              headers: {},
              bodyPreview: '{"isAdmin":true,"note":"]]> \u0000 \u0007 \ud800 😀"}',
            },
            response: { status: 201, headers: {}, bodyPreview: '{"id":44}', ms: 3.2 },
          },
          {
            request: { method: 'GET', url: 'http://127.0.0.1:4010/orders/44', headers: {} },
            error: 'connection reset before any answer',
          },
        ],
      },
    },
    {
      code: 'errors.stack_trace_leak',
      probe: 'errors',
      route: 'list-orders',
      severity: 'medium',
      title: 'A 500 answer carries a Node.js stack trace',
      detail: 'GET /orders?page=x answered 500 with "at Object.<anonymous> (/srv/app.js:12:5)".',
      evidence: { exchanges: [] },
    },
  ];
  const report: Omit<Report, 'summary'> = {
    version: 1,
    target: 'orders-api',
    startedAt: '2026-11-28T12:00:00.000Z',
    finishedAt: '2026-11-28T12:00:41.512Z',
    checks,
    findings,
    load: {
      executor: 'constant-arrival-rate',
      requests: 6000,
      rps: 199.8,
      latencyMs: { p50: 3.1, p90: 5, p95: 6.2, p99: 11.9, max: 40.2 },
      failedRate: 0,
      statusCounts: { '200': 6000 },
      series: [{ t: 0, rps: 200, p95: 6, errors: 0 }],
      thresholds: [{ metric: 'http_req_duration', expr: 'p(95)<300', ok: true, value: 6.2 }],
    },
    ...overrides,
  };
  return { ...report, summary: summarise(report.checks, report.findings) };
}
