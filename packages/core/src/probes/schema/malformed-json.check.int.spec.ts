import { findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('schema probe: malformed JSON', () => {
  const notes = useNotesTarget('schema');

  it('finds malformed JSON answered with 500', async () => {
    const report = await notes.run({ malformed: 500 });
    expect(statuses(report, notes.codes)).toEqual(
      onlyFailing(notes.codes, 'schema.malformed_json_5xx'),
    );
    const finding = findingOf(report, 'schema.malformed_json_5xx');
    expect(finding.title).toBe('Malformed JSON got 500 instead of a 4xx');
    expect(finding.evidence.exchanges[0]!.note).toBe('truncated JSON');
  });

  it('finds malformed JSON that drops the connection', async () => {
    const report = await notes.run({ malformed: 'drop' });
    const finding = findingOf(report, 'schema.malformed_json_5xx');
    expect(finding.title).toBe('Malformed JSON dropped the connection without an answer');
    expect(finding.evidence.exchanges[0]!.error).toMatch(/connection closed before any answer/);
    expect(finding.evidence.exchanges[0]!.response).toBeUndefined();
  });
});
