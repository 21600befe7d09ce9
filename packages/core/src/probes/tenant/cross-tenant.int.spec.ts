import { findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('tenant probe: tenant B reaching tenant A’s object', () => {
  const notes = useNotesTarget('tenant');

  it('finds a cross-tenant read, with the object in the evidence', async () => {
    const report = await notes.run({ leak: { read: true } });
    expect(statuses(report, notes.codes)).toEqual(onlyFailing(notes.codes, 'tenant.cross_read'));
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
    const report = await notes.run({ leak: { write: true } });
    expect(statuses(report, notes.codes)).toEqual(onlyFailing(notes.codes, 'tenant.cross_write'));
    const [before, write, after] = findingOf(report, 'tenant.cross_write').evidence.exchanges;
    expect(before!.response!.bodyPreview).toContain('"qty":1');
    expect(write!.request.method).toBe('PATCH');
    expect(after!.response!.bodyPreview).toContain('"qty":2');
  });

  it('finds a cross-tenant delete', async () => {
    const report = await notes.run({ leak: { delete: true } });
    expect(statuses(report, notes.codes)).toEqual(onlyFailing(notes.codes, 'tenant.cross_delete'));
    const [, attempt, after] = findingOf(report, 'tenant.cross_delete').evidence.exchanges;
    expect(attempt!.response!.status).toBe(204);
    expect(after!.response!.status).toBe(404);
  });

  it.each<['wrapped' | 'bare']>([['wrapped'], ['bare']])(
    'finds a list leak (%s list)',
    async (listShape) => {
      const report = await notes.run({ leak: { list: true }, listShape });
      expect(statuses(report, notes.codes)).toEqual(onlyFailing(notes.codes, 'tenant.list_leak'));
      const finding = findingOf(report, 'tenant.list_leak');
      const createdId = (
        JSON.parse(finding.evidence.exchanges[0]!.response!.bodyPreview!) as { id: number }
      ).id;
      expect(finding.evidence.exchanges[1]!.response!.bodyPreview).toContain(`"id":${createdId}`);
    },
  );
});
