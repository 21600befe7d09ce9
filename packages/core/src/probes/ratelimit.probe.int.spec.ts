import {
  startNotesTarget,
  type NotesBehaviour,
  type NotesTarget,
} from '../../test/targets/notes.target';
import { findingOf, runSuite, statuses } from '../../test/targets/run-probe';

const CODES = [
  'ratelimit.missing',
  'ratelimit.spoofable_ip',
  'ratelimit.no_retry_after',
  'ratelimit.ip_only',
] as const;
const ROUTE = 'list-notes';
const allPassed = Object.fromEntries(CODES.map((code) => [code, 'passed']));
type Limit = NonNullable<NotesBehaviour['rateLimit']>;

describe('ratelimit probe', () => {
  let target: NotesTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  async function run(rateLimit: Partial<Limit>, tenants: 1 | 2 = 2) {
    target = await startNotesTarget({
      rateLimit: { limit: 10, windowMs: 30_000, key: 'tenant', ...rateLimit },
    });
    return runSuite(target.config({ tenants }), ['ratelimit']);
  }

  it('passes a limiter keyed on the account that says when to retry', async () => {
    const report = await run({ key: 'tenant' });
    expect(statuses(report, CODES, ROUTE)).toEqual(allPassed);
    expect(report.findings).toEqual([]);
    // The burst stopped at the first 429 instead of sending all 60.
    expect(target!.seen.filter((request) => request.url === '/notes').length).toBeLessThan(30);
  });

  it('finds a limiter keyed on X-Forwarded-For (per account), and only that', async () => {
    const report = await run({ key: 'xff-and-tenant' });
    expect(statuses(report, CODES, ROUTE)).toEqual({
      ...allPassed,
      'ratelimit.spoofable_ip': 'failed',
    });
    const finding = findingOf(report, 'ratelimit.spoofable_ip', ROUTE);
    expect(finding.title).toBe('The rate limit is bypassed with a fresh X-Forwarded-For header');
    const [throttled, ...volley] = finding.evidence.exchanges;
    expect(throttled!.response!.status).toBe(429);
    const rotated = volley.filter((exchange) => 'X-Forwarded-For' in exchange.request.headers);
    const control = volley.filter((exchange) => !('X-Forwarded-For' in exchange.request.headers));
    expect(
      new Set(rotated.map((exchange) => exchange.request.headers['X-Forwarded-For'])).size,
    ).toBe(8);
    for (const exchange of rotated) {
      expect(exchange.request.headers['X-Forwarded-For']).toMatch(
        /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/,
      );
      expect(exchange.response!.status).toBe(200);
    }
    expect(control.map((exchange) => exchange.response!.status)).toEqual(Array(8).fill(429));
  });

  it('never reports a bypass when a limiter lets requests through now and then, whatever their headers', async () => {
    // A bucket refilling between requests: after a 429 the next request passes, with or without
    // a forwarding header. Answering "the header bypassed it" from one such pass is the trap.
    const report = await run({ key: 'tenant', trickle: true });
    const check = report.checks.find(
      (c) => c.code === 'ratelimit.spoofable_ip' && c.route === ROUTE,
    )!;
    expect(['passed', 'skipped']).toContain(check.status);
    expect(report.findings).toEqual([]);
    expect(target!.trickled.count).toBeGreaterThan(0);
  });

  it('finds a limiter keyed on the Forwarded header', async () => {
    const report = await run({ key: 'forwarded' });
    const finding = findingOf(report, 'ratelimit.spoofable_ip', ROUTE);
    expect(finding.title).toBe('The rate limit is bypassed with a fresh Forwarded header');
    const rotated = finding.evidence.exchanges.filter((e) => 'Forwarded' in e.request.headers);
    expect(rotated).toHaveLength(8);
    expect(rotated[0]!.request.headers.Forwarded).toMatch(/^for=/);
  });

  it('finds a limiter keyed by address alone, which throttles the other tenant', async () => {
    const report = await run({ key: 'socket' });
    expect(statuses(report, CODES, ROUTE)).toEqual({ ...allPassed, 'ratelimit.ip_only': 'failed' });
    const finding = findingOf(report, 'ratelimit.ip_only', ROUTE);
    expect(finding.title).toBe("Tenant bob is throttled by tenant alice's traffic");
    expect(finding.evidence.exchanges.map((exchange) => exchange.response!.status)).toEqual([
      200, 429, 429,
    ]);
    expect(finding.evidence.exchanges[0]!.request.headers.Authorization).toBe('Bearer ****6a7b');
  });

  it('finds a route without any limit', async () => {
    const report = await run({ key: 'none' });
    expect(statuses(report, CODES, ROUTE)).toEqual({
      'ratelimit.missing': 'failed',
      'ratelimit.spoofable_ip': 'skipped',
      'ratelimit.no_retry_after': 'skipped',
      'ratelimit.ip_only': 'skipped',
    });
    const finding = findingOf(report, 'ratelimit.missing', ROUTE);
    expect(finding.title).toMatch(/^60 requests in [\d.]+ s got no 429$/);
    expect(finding.evidence.requests).toBe(60);
  });

  it('finds 429s without a retry hint', async () => {
    const report = await run({ key: 'tenant', hints: false });
    expect(statuses(report, CODES, ROUTE)).toEqual({
      ...allPassed,
      'ratelimit.no_retry_after': 'failed',
    });
    const finding = findingOf(report, 'ratelimit.no_retry_after', ROUTE);
    expect(finding.evidence.exchanges[0]!.response!.status).toBe(429);
    expect(finding.evidence.exchanges[0]!.response!.headers['retry-after']).toBeUndefined();
  });

  it('skips the address check with one tenant, and routes that expect no limit', async () => {
    const report = await run({ key: 'tenant' }, 1);
    expect(
      report.checks.find((c) => c.code === 'ratelimit.ip_only' && c.route === ROUTE),
    ).toMatchObject({
      status: 'skipped',
      reason: 'only one tenant configured; this check needs two',
    });
    expect(
      report.checks.find((c) => c.code === 'ratelimit.missing' && c.route === 'create-note'),
    ).toMatchObject({
      status: 'skipped',
      reason: 'the route does not declare rateLimit.expected',
    });
  });

  it('never counts a burst that is all errors as a missing limit', async () => {
    target = await startNotesTarget({ rateLimit: { limit: 10, windowMs: 30_000, key: 'none' } });
    const config = target.config();
    // Credentials the API does not know: every answer is 401.
    config.target.tenants = { alice: { headers: { Authorization: 'Bearer nope' } } };
    const report = await runSuite(config, ['ratelimit']);
    expect(
      report.checks.find((c) => c.code === 'ratelimit.missing' && c.route === ROUTE),
    ).toMatchObject({
      status: 'skipped',
      reason: "the burst never got a 2xx (401 ×60); check the route's headers",
    });
  });
});
