import { rateLimitedNotes } from '../../../test/targets/notes.target';
import { findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

const ROUTE = 'list-notes';

describe('ratelimit probe: a 429 without a retry hint', () => {
  const notes = useNotesTarget('ratelimit');

  it('finds 429s without a retry hint', async () => {
    const report = await notes.run(rateLimitedNotes({ key: 'tenant', hints: false }));
    expect(statuses(report, notes.codes, ROUTE)).toEqual(
      onlyFailing(notes.codes, 'ratelimit.no_retry_after'),
    );
    const finding = findingOf(report, 'ratelimit.no_retry_after', ROUTE);
    expect(finding.evidence.exchanges[0]!.response!.status).toBe(429);
    expect(finding.evidence.exchanges[0]!.response!.headers['retry-after']).toBeUndefined();
  });
});
