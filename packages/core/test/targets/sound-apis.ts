import type { NotesBehaviour } from './notes.target';
import { everyStatus, statuses } from './run-probe';
import type { useNotesTarget } from './use-notes-target';

/**
 * One test per sound API, `passes an API that <what it does>`: every check of the suite's probe
 * passes on it and nothing is found.
 *
 * Not a test file (jest only runs `*.spec.ts`): the tests it declares run in the spec that calls it.
 */
// eslint-disable-next-line jest/no-export -- a shared table of tests, declared by the calling spec
export function itPassesAnApiThat(
  notes: ReturnType<typeof useNotesTarget>,
  apis: [what: string, behaviour: NotesBehaviour][],
): void {
  it.each(apis)('passes an API that %s', async (_what, behaviour) => {
    const report = await notes.run(behaviour);
    expect(statuses(report, notes.codes)).toEqual(everyStatus(notes.codes, 'passed'));
    expect(report.findings).toEqual([]);
  });
}
