import type { NotesBehaviour } from '../../../test/targets/notes.target';
import { everyStatus, runSuite, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('tenant probe', () => {
  const notes = useNotesTarget('tenant');

  it.each<[string, NotesBehaviour]>([
    ['answers 404 for other tenants’ objects', { otherTenantStatus: 404 }],
    ['answers 403 for other tenants’ objects', { otherTenantStatus: 403 }],
    ['lists a bare array', { listShape: 'bare' }],
  ])('passes an API that %s', async (_name, behaviour) => {
    const report = await notes.run(behaviour);
    expect(statuses(report, notes.codes)).toEqual(everyStatus(notes.codes, 'passed'));
    expect(statuses(report, ['auth.missing'], 'list-notes')).toEqual({ 'auth.missing': 'passed' });
    expect(report.findings).toEqual([]);
  });

  it('passes an API numbering ids per tenant, where B has its own object with A’s id', async () => {
    // Bob's own note 1 exists before Alice creates her note 1: same id, different object.
    const report = await notes.run(
      { perTenantIds: true },
      { seed: [{ owner: 'bob', title: "bob's own" }] },
    );
    expect(statuses(report, notes.codes)).toEqual(everyStatus(notes.codes, 'passed'));
  });

  it('skips what the config cannot decide', async () => {
    const target = await notes.start();
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
    const report = await notes.run({});
    expect(report.findings).toEqual([]);
    expect(notes.target.notes.size).toBe(0);
  });
});
