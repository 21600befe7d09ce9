import {
  startNotesTarget,
  type NotesBehaviour,
  type NotesTarget,
} from '../../test/targets/notes.target';
import { findingOf, runSuite, statuses } from '../../test/targets/run-probe';

const LEAK = 'errors.stack_trace_leak';

describe('errors probe', () => {
  let target: NotesTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  async function run(
    behaviour: NotesBehaviour,
    include: Parameters<typeof runSuite>[1] = ['errors'],
  ) {
    target = await startNotesTarget(behaviour);
    return runSuite(target.config(), include);
  }

  it('passes an API whose errors carry no internals', async () => {
    const report = await run({});
    expect(statuses(report, [LEAK])).toEqual({ [LEAK]: 'passed' });
    expect(statuses(report, [LEAK], 'list-notes')).toEqual({ [LEAK]: 'passed' });
    // It provoked the error handler: truncated JSON and an id that does not exist.
    expect(target!.seen.map((request) => `${request.method} ${request.url}`)).toEqual(
      expect.arrayContaining([
        'POST /notes',
        expect.stringMatching(/^GET \/notes\/shakedown-missing-[0-9a-f]{8}$/),
      ]),
    );
  });

  it('finds a stack trace in an error answer, quoting it', async () => {
    const report = await run({ leakStacks: true });
    expect(statuses(report, [LEAK])).toEqual({ [LEAK]: 'failed' });
    expect(statuses(report, [LEAK], 'list-notes')).toEqual({ [LEAK]: 'passed' });
    const finding = findingOf(report, LEAK);
    expect(finding.title).toBe('An answer carries a Node.js stack trace');
    const [exchange] = finding.evidence.exchanges;
    expect(exchange!.response!.bodyPreview).toContain('notes.target.ts');
    expect(exchange!.note).toMatch(
      /^carries a Node\.js stack trace: at .+notes\.target\.ts:\d+:\d+/,
    );
  });

  it('inspects every answer of the run, not only its own requests', async () => {
    // Only 413s leak: the errors probe's own requests never see one, the payload probe's do.
    const alone = await run({ leakStacks: true, leakStacksOn: [413] });
    expect(statuses(alone, [LEAK])).toEqual({ [LEAK]: 'passed' });
    await target!.close();
    const together = await run({ leakStacks: true, leakStacksOn: [413] }, ['errors', 'payload']);
    const finding = findingOf(together, LEAK);
    expect(finding.evidence.exchanges[0]!.response!.status).toBe(413);
    expect(finding.evidence.exchanges[0]!.request.bodyBytes).toBe(32 * 1024);
  });
});
