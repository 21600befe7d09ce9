import { runSuite } from '../../../test/targets/run-probe';
import { itPassesAnApiThat } from '../../../test/targets/sound-apis';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('schema probe', () => {
  const notes = useNotesTarget('schema');

  itPassesAnApiThat(notes, [
    ['validates and silently drops unknown fields', {}],
    ['rejects unknown fields with 400', { unknownFields: 'reject' }],
    ['coerces wrongly typed values to the declared type', { types: 'coerce' }],
    ['gives every object role "admin" by default', { defaultRoleAdmin: true }],
  ]);

  it('skips routes without a sample body, saying why', async () => {
    const target = await notes.start();
    const report = await runSuite(target.config(), ['schema']);
    for (const code of notes.codes) {
      expect(report.checks.find((c) => c.code === code && c.route === 'list-notes')).toEqual({
        code,
        route: 'list-notes',
        status: 'skipped',
        reason: 'the route has no sample body',
        notApplicable: true,
      });
    }
  });
});
