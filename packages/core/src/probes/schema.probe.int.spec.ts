import {
  startNotesTarget,
  type NotesBehaviour,
  type NotesTarget,
} from '../../test/targets/notes.target';
import { findingOf, runSuite, statuses } from '../../test/targets/run-probe';

const CODES = [
  'schema.unknown_field_persisted',
  'schema.wrong_type_accepted',
  'schema.deep_nesting_accepted',
  'schema.malformed_json_5xx',
] as const;

const allPassed = Object.fromEntries(CODES.map((code) => [code, 'passed']));

describe('schema probe', () => {
  let target: NotesTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  async function run(behaviour: NotesBehaviour) {
    target = await startNotesTarget(behaviour);
    return runSuite(target.config(), ['schema']);
  }

  it.each<[string, NotesBehaviour]>([
    ['validates and silently drops unknown fields', {}],
    ['rejects unknown fields with 400', { unknownFields: 'reject' }],
    ['coerces wrongly typed values to the declared type', { types: 'coerce' }],
    ['gives every object role "admin" by default', { defaultRoleAdmin: true }],
  ])('passes an API that %s', async (_name, behaviour) => {
    const report = await run(behaviour);
    expect(statuses(report, CODES)).toEqual(allPassed);
    expect(report.findings).toEqual([]);
  });

  it('finds unknown fields stored, proved by the read-back', async () => {
    const report = await run({ unknownFields: 'persist' });
    expect(statuses(report, CODES)).toEqual({
      ...allPassed,
      'schema.unknown_field_persisted': 'failed',
    });
    const finding = findingOf(report, 'schema.unknown_field_persisted');
    expect(finding.title).toMatch(/isAdmin, role, shakedown_probe_[0-9a-f]{6}/);
    const [create, read] = finding.evidence.exchanges;
    expect(create!.request.bodyPreview).toMatch(/"isAdmin":true,"role":"admin","shakedown_probe_/);
    expect(read!.request.method).toBe('GET');
    expect(read!.request.url).toMatch(/\/notes\/\d+$/);
    expect(read!.response!.bodyPreview).toMatch(/"shakedown_probe_[0-9a-f]{6}":"injected-/);
  });

  it('finds privileged fields stored by an API that drops other unknown fields', async () => {
    const report = await run({ unknownFields: 'persist-privileged' });
    const finding = findingOf(report, 'schema.unknown_field_persisted');
    expect(finding.title).toBe('Fields the API never accepted were stored: isAdmin, role');
    // The control object, created from the plain sample, shows neither.
    expect(finding.evidence.exchanges.map((exchange) => exchange.note)).toEqual([
      'the sample body plus isAdmin, role, ' +
        /shakedown_probe_\w+/.exec(finding.evidence.exchanges[0]!.note!)![0],
      'read-back of what was stored',
      'control: the plain sample body',
      'read-back of what was stored',
    ]);
  });

  it('finds a wrongly typed value stored', async () => {
    const report = await run({ types: 'accept' });
    expect(statuses(report, ['schema.wrong_type_accepted'])).toEqual({
      'schema.wrong_type_accepted': 'failed',
    });
    const finding = findingOf(report, 'schema.wrong_type_accepted');
    expect(finding.title).toBe('"qty" was stored as a string instead of a number');
    expect(finding.evidence.exchanges[1]!.response!.bodyPreview).toMatch(/"qty":"not-a-number-/);
  });

  it('finds deeply nested JSON accepted', async () => {
    const report = await run({ types: 'accept', maxDepth: Infinity });
    const finding = findingOf(report, 'schema.deep_nesting_accepted');
    const exchange = finding.evidence.exchanges[0]!;
    expect(exchange.response!.status).toBe(201);
    expect(exchange.request.bodyBytes).toBeGreaterThan(10_000);
    expect(exchange.request.bodyPreview).toMatch(/\[\[\[\[\[/);
  });

  it('passes deep nesting refused by a depth limit although types are lax', async () => {
    const report = await run({ types: 'accept', maxDepth: 64 });
    expect(statuses(report, ['schema.deep_nesting_accepted'])).toEqual({
      'schema.deep_nesting_accepted': 'passed',
    });
  });

  it('finds malformed JSON answered with 500', async () => {
    const report = await run({ malformed: 500 });
    expect(statuses(report, CODES)).toEqual({
      ...allPassed,
      'schema.malformed_json_5xx': 'failed',
    });
    const finding = findingOf(report, 'schema.malformed_json_5xx');
    expect(finding.title).toBe('Malformed JSON got 500 instead of a 4xx');
    expect(finding.evidence.exchanges[0]!.note).toBe('truncated JSON');
  });

  it('finds malformed JSON that drops the connection', async () => {
    const report = await run({ malformed: 'drop' });
    const finding = findingOf(report, 'schema.malformed_json_5xx');
    expect(finding.title).toBe('Malformed JSON dropped the connection without an answer');
    expect(finding.evidence.exchanges[0]!.error).toMatch(/connection closed before any answer/);
    expect(finding.evidence.exchanges[0]!.response).toBeUndefined();
  });

  it('skips routes without a sample body, saying why', async () => {
    target = await startNotesTarget({});
    const report = await runSuite(target.config(), ['schema']);
    for (const code of CODES) {
      expect(report.checks.find((c) => c.code === code && c.route === 'list-notes')).toEqual({
        code,
        route: 'list-notes',
        status: 'skipped',
        reason: 'the route has no sample body',
      });
    }
  });
});
