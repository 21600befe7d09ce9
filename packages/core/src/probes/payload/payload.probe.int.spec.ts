import type { NotesBehaviour } from '../../../test/targets/notes.target';
import { everyStatus, runSuite, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';
import { MB } from './oversized-bodies';

const ACCEPTED = 'payload.oversize_accepted';
const CRASHED = 'payload.oversize_5xx';
const CODES = [ACCEPTED, CRASHED];

describe('payload probe', () => {
  const notes = useNotesTarget('payload');
  /** The Content-Length of every POST the target received, in order. */
  const postedSizes = () =>
    notes.target.seen
      .filter((request) => request.method === 'POST')
      .map((request) => Number(request.headers['content-length']));

  it.each<[string, NotesBehaviour]>([
    ['answers 413 after reading past its limit', { oversize: '413' }],
    [
      'answers 413 at once from Content-Length and closes the connection',
      { oversize: '413-early' },
    ],
  ])('passes an API that %s', async (_name, behaviour) => {
    const report = await notes.run(behaviour);
    expect(statuses(report, CODES)).toEqual(everyStatus(CODES, 'passed'));
    expect(postedSizes()).toEqual([32 * 1024, MB, 10 * MB]);
  });

  it('pads a body without a top-level string through a new field, instead of skipping it', async () => {
    const target = await notes.start();
    const config = target.config();
    const [create, ...others] = config.routes;
    const report = await runSuite(
      { ...config, routes: [{ ...create!, body: { qty: 1, express: false } }, ...others] },
      ['payload'],
    );
    expect(statuses(report, CODES)).toEqual(everyStatus(CODES, 'passed'));
    expect(postedSizes()[0]).toBe(32 * 1024);
  });

  it('skips routes without a body, and a budget too small for any oversized body', async () => {
    const target = await notes.start();
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
