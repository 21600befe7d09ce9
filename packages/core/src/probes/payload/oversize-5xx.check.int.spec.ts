import { findingOf, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

const ACCEPTED = 'payload.oversize_accepted';
const CRASHED = 'payload.oversize_5xx';

describe('payload probe: oversized bodies crashing the target', () => {
  const notes = useNotesTarget('payload');

  it('finds a reset instead of 413, on a fresh connection, without calling it accepted', async () => {
    const report = await notes.run({ oversize: 'reset' });
    expect(statuses(report, [ACCEPTED, CRASHED])).toEqual({
      [ACCEPTED]: 'passed',
      [CRASHED]: 'failed',
    });
    const finding = findingOf(report, CRASHED);
    expect(finding.title).toBe('A 32 KB body reset the connection instead of getting 413');
    const [exchange] = finding.evidence.exchanges;
    expect(exchange!.response).toBeUndefined();
    expect(exchange!.error).toMatch(/^connection closed before any answer/);
    // The probe stops pushing once the target resets.
    expect(finding.evidence.exchanges).toHaveLength(1);
    // The first try went out on the liveness check's keep-alive connection; only the fresh
    // connection's outcome counts as the target's answer.
    const posts = notes.target.seen.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.connection).not.toBe(posts[0]!.connection);
    expect(exchange!.note).toMatch(/sent again on a fresh connection/);
  });

  it('finds a 500 instead of 413', async () => {
    const report = await notes.run({ oversize: '500' });
    expect(statuses(report, [ACCEPTED, CRASHED])).toEqual({
      [ACCEPTED]: 'passed',
      [CRASHED]: 'failed',
    });
    expect(findingOf(report, CRASHED).evidence.exchanges[0]!.response!.status).toBe(500);
  });
});
