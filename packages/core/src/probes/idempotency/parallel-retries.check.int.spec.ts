import { answerId, findingOf, onlyFailing, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('idempotency probe: parallel retries', () => {
  const notes = useNotesTarget('idempotency');

  it('finds the race of a read-then-write key check, and only that', async () => {
    const report = await notes.run({ idempotency: 'racy' });
    expect(statuses(report, notes.codes)).toEqual(
      onlyFailing(notes.codes, 'idempotency.duplicate_on_parallel_retry'),
    );
    const finding = findingOf(report, 'idempotency.duplicate_on_parallel_retry');
    expect(finding.severity).toBe('critical');
    expect(finding.evidence.exchanges).toHaveLength(8);
    const created = finding.evidence.exchanges
      .filter((exchange) => exchange.response?.status === 201)
      .map((exchange) => answerId(exchange));
    expect(new Set(created).size).toBeGreaterThan(1);
    // All eight went out at once, each on its own connection.
    const posts = notes.target.seen.filter(
      (request) =>
        request.method === 'POST' &&
        request.headers['idempotency-key'] ===
          finding.evidence.exchanges[0]!.request.headers['Idempotency-Key'],
    );
    expect(posts).toHaveLength(8);
    expect(new Set(posts.map((request) => request.connection)).size).toBe(8);
  });
});
