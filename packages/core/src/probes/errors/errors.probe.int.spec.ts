import { findingOf, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

const LEAK = 'errors.stack_trace_leak';

describe('errors probe', () => {
  const notes = useNotesTarget('errors');

  it('passes an API whose errors carry no internals', async () => {
    const report = await notes.run({});
    expect(statuses(report, [LEAK])).toEqual({ [LEAK]: 'passed' });
    expect(statuses(report, [LEAK], 'list-notes')).toEqual({ [LEAK]: 'passed' });
    // It provoked the error handler: truncated JSON and an id that does not exist.
    expect(notes.target.seen.map((request) => `${request.method} ${request.url}`)).toEqual(
      expect.arrayContaining([
        'POST /notes',
        expect.stringMatching(/^GET \/notes\/shakedown-missing-[0-9a-f]{8}$/),
      ]),
    );
  });

  it('finds a stack trace in an error answer, quoting it', async () => {
    const report = await notes.run({ leakStacks: true });
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
    const alone = await notes.run({ leakStacks: true, leakStacksOn: [413] });
    expect(statuses(alone, [LEAK])).toEqual({ [LEAK]: 'passed' });
    const together = await notes.run(
      { leakStacks: true, leakStacksOn: [413] },
      { include: ['errors', 'payload'] },
    );
    const finding = findingOf(together, LEAK);
    expect(finding.evidence.exchanges[0]!.response!.status).toBe(413);
    expect(finding.evidence.exchanges[0]!.request.bodyBytes).toBe(32 * 1024);
  });
});
