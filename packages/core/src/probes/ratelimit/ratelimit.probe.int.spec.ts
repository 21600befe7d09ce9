import { rateLimitedNotes } from '../../../test/targets/notes.target';
import { everyStatus, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

const ROUTE = 'list-notes';

describe('ratelimit probe', () => {
  const notes = useNotesTarget('ratelimit');

  it('passes a limiter keyed on the account that says when to retry', async () => {
    const report = await notes.run(rateLimitedNotes({ key: 'tenant' }));
    expect(statuses(report, notes.codes, ROUTE)).toEqual(everyStatus(notes.codes, 'passed'));
    expect(report.findings).toEqual([]);
    // The burst stopped at the first 429 instead of sending all 60.
    expect(notes.target.seen.filter((request) => request.url === '/notes').length).toBeLessThan(30);
  });

  it('skips the address check with one tenant, and routes that expect no limit', async () => {
    const report = await notes.run(rateLimitedNotes({ key: 'tenant' }), {
      config: { tenants: 1 },
    });
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
});
