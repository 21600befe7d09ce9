import { answerId, findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('idempotency probe: a reused key', () => {
  const notes = useNotesTarget('idempotency');

  it('finds a reused key accepted as a new write', async () => {
    const report = await notes.run({ keyReuse: 'new-write' });
    expect(statuses(report, notes.codes)).toEqual(
      onlyFailing(notes.codes, 'idempotency.key_reuse_accepted'),
    );
    const finding = findingOf(report, 'idempotency.key_reuse_accepted');
    const [first, second] = finding.evidence.exchanges;
    expect(first!.request.headers['Idempotency-Key']).toBe(
      second!.request.headers['Idempotency-Key'],
    );
    expect(first!.request.bodyPreview).not.toBe(second!.request.bodyPreview);
    expect(answerId(first!)).not.toBe(answerId(second!));
  });
});
