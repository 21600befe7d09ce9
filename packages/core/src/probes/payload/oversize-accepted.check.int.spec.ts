import { findingOf, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';
import { MB } from './oversized-bodies';

const ACCEPTED = 'payload.oversize_accepted';
const CRASHED = 'payload.oversize_5xx';

describe('payload probe: oversized bodies accepted', () => {
  const notes = useNotesTarget('payload');

  it('finds oversized bodies accepted, with the largest accepted size for the estimator', async () => {
    const report = await notes.run({ oversize: 'accept', bodyLimit: 64 * MB });
    expect(statuses(report, [ACCEPTED, CRASHED])).toEqual({
      [ACCEPTED]: 'failed',
      [CRASHED]: 'passed',
    });
    const finding = findingOf(report, ACCEPTED);
    expect(finding.title).toBe('A 10 MB body was accepted (maxBodyBytes is 16 KB)');
    expect(finding.evidence.largestAcceptedBytes).toBe(10 * MB);
    const sizes = finding.evidence.exchanges.map((exchange) => exchange.request.bodyBytes);
    expect(sizes).toEqual([32 * 1024, MB, 10 * MB]);
    for (const exchange of finding.evidence.exchanges) {
      expect(Buffer.byteLength(exchange.request.bodyPreview!)).toBeLessThanOrEqual(2048);
      expect(exchange.request.bodyPreview).toMatch(
        /^\{"item":"book","qty":1,"note":"first orderxxxx/,
      );
      expect(exchange.response!.status).toBe(201);
    }
    // The oversized notes were deleted afterwards.
    expect(notes.target.notes.size).toBe(0);
  });

  it('sends only what the byte budget allows, and says so', async () => {
    const report = await notes.run(
      { oversize: 'accept', bodyLimit: 64 * MB },
      { config: { budget: { maxBytes: '4MB' } } },
    );
    const finding = findingOf(report, ACCEPTED);
    expect(finding.evidence.largestAcceptedBytes).toBe(MB);
    expect(finding.detail).toContain('(10 MB not sent: the byte budget)');
    expect(notes.target.seen.filter((request) => request.method === 'POST')).toHaveLength(2);
  });
});
