import { findingOf, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('schema probe: deeply nested JSON', () => {
  const notes = useNotesTarget('schema');

  it('finds deeply nested JSON accepted', async () => {
    const report = await notes.run({ types: 'accept', maxDepth: Infinity });
    const finding = findingOf(report, 'schema.deep_nesting_accepted');
    const exchange = finding.evidence.exchanges[0]!;
    expect(exchange.response!.status).toBe(201);
    expect(exchange.request.bodyBytes).toBeGreaterThan(10_000);
    expect(exchange.request.bodyPreview).toMatch(/\[\[\[\[\[/);
  });

  it('passes deep nesting refused by a depth limit although types are lax', async () => {
    const report = await notes.run({ types: 'accept', maxDepth: 64 });
    expect(statuses(report, ['schema.deep_nesting_accepted'])).toEqual({
      'schema.deep_nesting_accepted': 'passed',
    });
  });
});
