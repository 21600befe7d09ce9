import { findingOf, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('schema probe: wrong types', () => {
  const notes = useNotesTarget('schema');

  it('finds a wrongly typed value stored', async () => {
    const report = await notes.run({ types: 'accept' });
    expect(statuses(report, ['schema.wrong_type_accepted'])).toEqual({
      'schema.wrong_type_accepted': 'failed',
    });
    const finding = findingOf(report, 'schema.wrong_type_accepted');
    expect(finding.title).toBe('"qty" was stored as a string instead of a number');
    expect(finding.evidence.exchanges[1]!.response!.bodyPreview).toMatch(/"qty":"not-a-number-/);
  });
});
