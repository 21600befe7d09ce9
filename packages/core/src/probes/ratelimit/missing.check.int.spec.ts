import { rateLimitedNotes } from '../../../test/targets/notes.target';
import { findingOf, runSuite, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

const ROUTE = 'list-notes';

describe('ratelimit probe: a missing limit', () => {
  const notes = useNotesTarget('ratelimit');

  it('finds a route without any limit', async () => {
    const report = await notes.run(rateLimitedNotes({ key: 'none' }));
    expect(statuses(report, notes.codes, ROUTE)).toEqual({
      'ratelimit.missing': 'failed',
      'ratelimit.spoofable_ip': 'skipped',
      'ratelimit.no_retry_after': 'skipped',
      'ratelimit.ip_only': 'skipped',
    });
    const finding = findingOf(report, 'ratelimit.missing', ROUTE);
    expect(finding.title).toMatch(/^60 requests in [\d.]+ s got no 429$/);
    expect(finding.evidence.requests).toBe(60);
  });

  it('never counts a burst that is all errors as a missing limit', async () => {
    const target = await notes.start(rateLimitedNotes({ key: 'none' }));
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
