import { rateLimitedNotes } from '../../../test/targets/notes.target';
import { findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

const ROUTE = 'list-notes';

describe('ratelimit probe: a limit bypassed with a forwarding header', () => {
  const notes = useNotesTarget('ratelimit');

  it('finds a limiter keyed on X-Forwarded-For (per account), and only that', async () => {
    const report = await notes.run(rateLimitedNotes({ key: 'xff-and-tenant' }));
    expect(statuses(report, notes.codes, ROUTE)).toEqual(
      onlyFailing(notes.codes, 'ratelimit.spoofable_ip'),
    );
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
    const report = await notes.run(rateLimitedNotes({ key: 'tenant', trickle: true }));
    const check = report.checks.find(
      (c) => c.code === 'ratelimit.spoofable_ip' && c.route === ROUTE,
    )!;
    expect(['passed', 'skipped']).toContain(check.status);
    expect(report.findings).toEqual([]);
    expect(notes.target.trickled.count).toBeGreaterThan(0);
  });

  it('finds a limiter keyed on the Forwarded header', async () => {
    const report = await notes.run(rateLimitedNotes({ key: 'forwarded' }));
    const finding = findingOf(report, 'ratelimit.spoofable_ip', ROUTE);
    expect(finding.title).toBe('The rate limit is bypassed with a fresh Forwarded header');
    const rotated = finding.evidence.exchanges.filter((e) => 'Forwarded' in e.request.headers);
    expect(rotated).toHaveLength(8);
    expect(rotated[0]!.request.headers.Forwarded).toMatch(/^for=/);
  });
});
