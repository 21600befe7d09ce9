import {
  startNotesTarget,
  type NotesBehaviour,
  type NotesTarget,
} from '../../test/targets/notes.target';
import { findingOf, runSuite, statuses } from '../../test/targets/run-probe';

const CODES = [
  'tenant.cross_read',
  'tenant.cross_write',
  'tenant.cross_delete',
  'tenant.list_leak',
  'auth.missing',
] as const;
const allPassed = Object.fromEntries(CODES.map((code) => [code, 'passed']));

describe('tenant probe', () => {
  let target: NotesTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  async function run(behaviour: NotesBehaviour, seed: { owner: string; title: string }[] = []) {
    target = await startNotesTarget(behaviour, seed);
    return runSuite(target.config(), ['tenant']);
  }

  it.each<[string, NotesBehaviour]>([
    ['answers 404 for other tenants’ objects', { otherTenantStatus: 404 }],
    ['answers 403 for other tenants’ objects', { otherTenantStatus: 403 }],
    ['lists a bare array', { listShape: 'bare' }],
  ])('passes an API that %s', async (_name, behaviour) => {
    const report = await run(behaviour);
    expect(statuses(report, CODES)).toEqual(allPassed);
    expect(statuses(report, ['auth.missing'], 'list-notes')).toEqual({ 'auth.missing': 'passed' });
    expect(report.findings).toEqual([]);
  });

  it('passes an API numbering ids per tenant, where B has its own object with A’s id', async () => {
    // Bob's own note 1 exists before Alice creates her note 1: same id, different object.
    const report = await run({ perTenantIds: true }, [{ owner: 'bob', title: "bob's own" }]);
    expect(statuses(report, CODES)).toEqual(allPassed);
  });

  it('finds a cross-tenant read, with the object in the evidence', async () => {
    const report = await run({ leak: { read: true } });
    expect(statuses(report, CODES)).toEqual({ ...allPassed, 'tenant.cross_read': 'failed' });
    const finding = findingOf(report, 'tenant.cross_read');
    expect(finding.severity).toBe('critical');
    expect(finding.title).toBe("Tenant bob can read tenant alice's objects");
    const [created, own, theirs] = finding.evidence.exchanges;
    expect(created!.request.headers.Authorization).toBe('Bearer ****2c3d');
    expect(theirs!.request.headers.Authorization).toBe('Bearer ****6a7b');
    expect(theirs!.request.url).toBe(own!.request.url);
    expect(theirs!.response!.bodyPreview).toBe(own!.response!.bodyPreview);
  });

  it('finds a cross-tenant write that tenant A sees', async () => {
    const report = await run({ leak: { write: true } });
    expect(statuses(report, CODES)).toEqual({ ...allPassed, 'tenant.cross_write': 'failed' });
    const [before, write, after] = findingOf(report, 'tenant.cross_write').evidence.exchanges;
    expect(before!.response!.bodyPreview).toContain('"qty":1');
    expect(write!.request.method).toBe('PATCH');
    expect(after!.response!.bodyPreview).toContain('"qty":2');
  });

  it('finds a cross-tenant delete', async () => {
    const report = await run({ leak: { delete: true } });
    expect(statuses(report, CODES)).toEqual({ ...allPassed, 'tenant.cross_delete': 'failed' });
    const [, attempt, after] = findingOf(report, 'tenant.cross_delete').evidence.exchanges;
    expect(attempt!.response!.status).toBe(204);
    expect(after!.response!.status).toBe(404);
  });

  it.each<['wrapped' | 'bare']>([['wrapped'], ['bare']])(
    'finds a list leak (%s list)',
    async (listShape) => {
      const report = await run({ leak: { list: true }, listShape });
      expect(statuses(report, CODES)).toEqual({ ...allPassed, 'tenant.list_leak': 'failed' });
      const finding = findingOf(report, 'tenant.list_leak');
      const createdId = (
        JSON.parse(finding.evidence.exchanges[0]!.response!.bodyPreview!) as { id: number }
      ).id;
      expect(finding.evidence.exchanges[1]!.response!.bodyPreview).toContain(`"id":${createdId}`);
    },
  );

  it('finds routes that answer without credentials', async () => {
    const report = await run({ authOptional: true });
    expect(statuses(report, ['auth.missing'])).toEqual({ 'auth.missing': 'failed' });
    expect(statuses(report, ['auth.missing'], 'list-notes')).toEqual({ 'auth.missing': 'failed' });
    const exchange = findingOf(report, 'auth.missing', 'list-notes').evidence.exchanges[0]!;
    expect(exchange.request.headers.Authorization).toBeUndefined();
    expect(exchange.response!.status).toBe(200);
  });

  it('skips what the config cannot decide', async () => {
    target = await startNotesTarget({});
    const one = await runSuite(target.config({ tenants: 1 }), ['tenant']);
    expect(one.checks.find((c) => c.code === 'tenant.cross_read')).toMatchObject({
      status: 'skipped',
      reason: 'only one tenant configured; tenant checks need two',
    });
    expect(statuses(one, ['auth.missing'])).toEqual({ 'auth.missing': 'passed' });
    const none = await runSuite(target.config({ tenants: 0 }), ['tenant']);
    expect(none.checks.find((c) => c.code === 'auth.missing')).toMatchObject({
      status: 'skipped',
      reason: 'no tenants configured, so the API is not expected to require credentials',
    });
  });

  it('deletes what it created, as the tenant that created it', async () => {
    const report = await run({});
    expect(report.findings).toEqual([]);
    expect(target!.notes.size).toBe(0);
  });
});
