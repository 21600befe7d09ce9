import { rateLimitedNotes } from '../../../test/targets/notes.target';
import { findingOf, onlyFailing, runSuite, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

const ROUTE = 'list-notes';

describe('ratelimit probe: a limit keyed by address alone', () => {
  const notes = useNotesTarget('ratelimit');

  it('finds a limiter keyed by address alone, which throttles the other tenant', async () => {
    const report = await notes.run(rateLimitedNotes({ key: 'socket' }));
    expect(statuses(report, notes.codes, ROUTE)).toEqual(
      onlyFailing(notes.codes, 'ratelimit.ip_only'),
    );
    const finding = findingOf(report, 'ratelimit.ip_only', ROUTE);
    expect(finding.title).toBe("Tenant bob is throttled by tenant alice's traffic");
    expect(finding.evidence.exchanges.map((exchange) => exchange.response!.status)).toEqual([
      200, 429, 429,
    ]);
    expect(finding.evidence.exchanges[0]!.request.headers.Authorization).toBe('Bearer ****6a7b');
  });
});

describe('ratelimit probe: a public route limited by address', () => {
  const notes = useNotesTarget('ratelimit');

  it('does not call an address limit on a public route a defect, and still checks the rest', async () => {
    const target = await notes.start(rateLimitedNotes({ key: 'socket' }));
    const config = target.config();
    const routes = config.routes.map((route) =>
      route.id === ROUTE ? { ...route, public: true } : route,
    );
    const report = await runSuite({ ...config, routes }, ['ratelimit']);
    expect(statuses(report, ['ratelimit.ip_only', 'ratelimit.missing'], ROUTE)).toEqual({
      'ratelimit.ip_only': 'skipped',
      'ratelimit.missing': 'passed',
    });
    expect(report.findings).toEqual([]);
  });
});
