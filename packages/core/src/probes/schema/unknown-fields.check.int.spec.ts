import { findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('schema probe: unknown fields', () => {
  const notes = useNotesTarget('schema');

  it('finds unknown fields stored, proved by the read-back', async () => {
    const report = await notes.run({ unknownFields: 'persist' });
    expect(statuses(report, notes.codes)).toEqual(
      onlyFailing(notes.codes, 'schema.unknown_field_persisted'),
    );
    const finding = findingOf(report, 'schema.unknown_field_persisted');
    expect(finding.title).toMatch(/isAdmin, role, shakedown_probe_[0-9a-f]{6}/);
    const [create, read] = finding.evidence.exchanges;
    expect(create!.request.bodyPreview).toMatch(/"isAdmin":true,"role":"admin","shakedown_probe_/);
    expect(read!.request.method).toBe('GET');
    expect(read!.request.url).toMatch(/\/notes\/\d+$/);
    expect(read!.response!.bodyPreview).toMatch(/"shakedown_probe_[0-9a-f]{6}":"injected-/);
  });

  it('finds privileged fields stored by an API that drops other unknown fields', async () => {
    const report = await notes.run({ unknownFields: 'persist-privileged' });
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
});
