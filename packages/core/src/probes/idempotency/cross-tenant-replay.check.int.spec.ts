import { findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('idempotency probe: a key replayed by another tenant', () => {
  const notes = useNotesTarget('idempotency');

  it('finds keys shared between tenants', async () => {
    const report = await notes.run({ keyScope: 'global' });
    expect(statuses(report, notes.codes)).toEqual(
      onlyFailing(notes.codes, 'idempotency.cross_tenant_replay'),
    );
    const finding = findingOf(report, 'idempotency.cross_tenant_replay');
    const [alice, bob] = finding.evidence.exchanges;
    expect(alice!.request.headers.Authorization).toBe('Bearer ****2c3d');
    expect(bob!.request.headers.Authorization).toBe('Bearer ****6a7b');
    expect(bob!.response!.bodyPreview).toBe(alice!.response!.bodyPreview);
  });
});
