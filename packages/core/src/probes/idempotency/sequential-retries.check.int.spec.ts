import { findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('idempotency probe: sequential retries', () => {
  const notes = useNotesTarget('idempotency');

  it('finds a retry that is refused instead of replayed', async () => {
    const report = await notes.run({ retryAnswer: '422' });
    expect(statuses(report, notes.codes)).toEqual(
      onlyFailing(notes.codes, 'idempotency.replay_mismatch'),
    );
    const finding = findingOf(report, 'idempotency.replay_mismatch');
    expect(finding.title).toMatch(/answered 422 instead of replaying 201/);
    expect(finding.evidence.exchanges.map((exchange) => exchange.response?.status)).toEqual([
      201, 422,
    ]);
  });
});
