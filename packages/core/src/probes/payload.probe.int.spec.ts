import {
  startNotesTarget,
  type NotesBehaviour,
  type NotesTarget,
} from '../../test/targets/notes.target';
import { findingOf, runSuite, statuses } from '../../test/targets/run-probe';
import { formatSize, oversizeSteps } from './payload.probe';

const ACCEPTED = 'payload.oversize_accepted';
const CRASHED = 'payload.oversize_5xx';
const MB = 1024 ** 2;

describe('payload probe', () => {
  let target: NotesTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  async function run(behaviour: NotesBehaviour, budget: Record<string, unknown> = {}) {
    target = await startNotesTarget(behaviour);
    return runSuite(target.config({ budget }), ['payload']);
  }

  it('sends 2×maxBodyBytes, 1 MB and 10 MB, only sizes above the limit', () => {
    expect(oversizeSteps(16 * 1024)).toEqual([32 * 1024, MB, 10 * MB]);
    expect(oversizeSteps(MB)).toEqual([2 * MB, 10 * MB]);
    expect(oversizeSteps(8 * MB)).toEqual([10 * MB, 16 * MB]);
    expect([32 * 1024, MB, 10 * MB, 1536 * 1024].map(formatSize)).toEqual([
      '32 KB',
      '1 MB',
      '10 MB',
      '1.5 MB',
    ]);
  });

  it.each<[string, NotesBehaviour]>([
    ['answers 413 after reading past its limit', { oversize: '413' }],
    [
      'answers 413 at once from Content-Length and closes the connection',
      { oversize: '413-early' },
    ],
  ])('passes an API that %s', async (_name, behaviour) => {
    const report = await run(behaviour);
    expect(statuses(report, [ACCEPTED, CRASHED])).toEqual({
      [ACCEPTED]: 'passed',
      [CRASHED]: 'passed',
    });
    const posts = target!.seen.filter((request) => request.method === 'POST');
    expect(posts.map((request) => Number(request.headers['content-length']))).toEqual([
      32 * 1024,
      MB,
      10 * MB,
    ]);
  });

  it('finds oversized bodies accepted, with the largest accepted size for the estimator', async () => {
    const report = await run({ oversize: 'accept', bodyLimit: 64 * MB });
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
    expect(target!.notes.size).toBe(0);
  });

  it('sends only what the byte budget allows, and says so', async () => {
    const report = await run({ oversize: 'accept', bodyLimit: 64 * MB }, { maxBytes: '4MB' });
    const finding = findingOf(report, ACCEPTED);
    expect(finding.evidence.largestAcceptedBytes).toBe(MB);
    expect(finding.detail).toContain('(10 MB not sent: the byte budget)');
    expect(target!.seen.filter((request) => request.method === 'POST')).toHaveLength(2);
  });

  it('finds a reset instead of 413, on a fresh connection, without calling it accepted', async () => {
    const report = await run({ oversize: 'reset' });
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
    const posts = target!.seen.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.connection).not.toBe(posts[0]!.connection);
    expect(exchange!.note).toMatch(/sent again on a fresh connection/);
  });

  it('finds a 500 instead of 413', async () => {
    const report = await run({ oversize: '500' });
    expect(statuses(report, [ACCEPTED, CRASHED])).toEqual({
      [ACCEPTED]: 'passed',
      [CRASHED]: 'failed',
    });
    expect(findingOf(report, CRASHED).evidence.exchanges[0]!.response!.status).toBe(500);
  });

  it('skips routes without a body, and a budget too small for any oversized body', async () => {
    target = await startNotesTarget({});
    const small = await runSuite(target.config({ budget: { maxBytes: '1MB' } }), ['payload']);
    expect(
      small.checks.find((c) => c.code === ACCEPTED && c.route === 'create-note'),
    ).toMatchObject({
      status: 'skipped',
      reason: "the run's byte budget (maxBytes 1 MB) cannot fit a 32 KB body",
    });
    expect(small.checks.find((c) => c.code === ACCEPTED && c.route === 'list-notes')).toMatchObject(
      {
        status: 'skipped',
        reason: 'the route has no sample body',
      },
    );
  });
});
