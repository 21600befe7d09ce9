import { NOTES_BODY_SCHEMA, type NotesBehaviour } from '../../../test/targets/notes.target';
import { checkOf, findingOf, runSuite } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';
import type { Report } from '../../report/report.schema';
import { CONSTRAINT } from './constraint-violation.check';

describe('schema probe: values the body schema never allowed', () => {
  const notes = useNotesTarget('schema');

  /** The notes target with its body schema in the config, as an OpenAPI import would give it. */
  async function run(behaviour: NotesBehaviour, withSchema = true): Promise<Report> {
    const target = await notes.start(behaviour);
    const config = target.config();
    const [create, ...others] = config.routes;
    const bodySchema = withSchema ? { bodySchema: structuredClone(NOTES_BODY_SCHEMA) } : {};
    return runSuite({ ...config, routes: [{ ...create!, ...bodySchema }, ...others] }, ['schema']);
  }

  it('finds values outside enum, minimum, maximum and maxLength, and a missing required field, stored', async () => {
    const report = await run({});
    const finding = findingOf(report, CONSTRAINT);
    expect(finding.severity).toBe('medium');
    expect(finding.title).toBe('A "item" that breaks "enum: "book", "pen", "lamp"" was stored');
    expect(finding.evidence.constraints).toEqual([
      { field: 'item', constraint: 'enum: "book", "pen", "lamp"' },
      { field: 'qty', constraint: 'minimum: 1' },
      { field: 'qty', constraint: 'maximum: 10' },
      { field: 'note', constraint: 'maxLength: 40' },
      { field: 'qty', constraint: 'required' },
    ]);
    expect(finding.detail).toMatch(
      /"note" set to "x{41}" \(breaks maxLength: 40\): the read-back GET \/notes\/\d+ holds/,
    );
    // Replayable: the first exchange is the create with the bad value, then its read-back.
    const [create, read] = finding.evidence.exchanges;
    expect(create!.request.bodyPreview).toContain('"item":"shakedown-not-in-enum"');
    expect(read!.response?.bodyPreview).toContain('shakedown-not-in-enum');
  });

  it.each<NotesBehaviour['constraints']>(['validate', 'drop'])(
    'passes an API that %ss what breaks the schema',
    async (constraints) => {
      const report = await run({ constraints });
      expect(checkOf(report, CONSTRAINT).status).toBe('passed');
      expect(report.findings).toEqual([]);
    },
  );

  it('is skipped, saying why, when the route has no body schema', async () => {
    const report = await run({}, false);
    const check = checkOf(report, CONSTRAINT);
    expect(check.status).toBe('skipped');
    expect(check.reason).toMatch(/no body schema/);
  });
});
