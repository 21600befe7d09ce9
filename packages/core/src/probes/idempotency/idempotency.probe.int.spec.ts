import {
  answerId,
  everyStatus,
  findingOf,
  runSuite,
  statuses,
} from '../../../test/targets/run-probe';
import { itPassesAnApiThat } from '../../../test/targets/sound-apis';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('idempotency probe', () => {
  const notes = useNotesTarget('idempotency');

  itPassesAnApiThat(notes, [
    [
      'claims keys atomically and answers 409 to duplicates in flight',
      { idempotency: 'atomic-409' },
    ],
    ['replays with 200 instead of 201', { replayStatus: 200 }],
    ['makes duplicates in flight wait for the first answer', { idempotency: 'atomic-wait' }],
    ['answers a reused key with 400', { keyReuse: 400 }],
    ['answers a reused key with 409', { keyReuse: 409 }],
    ['replays the first answer for a reused key', { keyReuse: 'replay' }],
    ["refuses another tenant's key with 409", { keyScope: 'refuse-other-tenant' }],
  ]);

  it('passes an API that lists items inside { items: [...] } and creates with 202 and no body', async () => {
    const logs: string[] = [];
    const report = await notes.run(
      { createAnswer: 'empty-202' },
      { engine: { onLog: (level, message) => logs.push(`${level}: ${message}`) } },
    );
    // Without ids in the answers, what cannot be decided is skipped, never failed.
    expect(statuses(report, notes.codes)).toEqual({
      'idempotency.duplicate_on_retry': 'passed',
      'idempotency.duplicate_on_parallel_retry': 'passed',
      'idempotency.replay_mismatch': 'passed',
      'idempotency.key_reuse_accepted': 'passed',
      'idempotency.cross_tenant_replay': 'skipped',
      'idempotency.duplicate_on_lost_response': 'passed',
    });
    expect(report.findings).toEqual([]);
    // What the list showed was deleted; the writes that could not be identified are reported.
    expect(
      logs.some((line) =>
        /^warn: create-note: \d+ write\(s\) answered 2xx without an id/.test(line),
      ),
    ).toBe(true);
    expect(logs).toContain('info: create-note: deleted 3 object(s) the probes created');
    expect(notes.target.notes.size).toBe(2);
  });

  it('counts through a wrapped list when the create answer carries no id', async () => {
    const report = await notes.run({ createAnswer: 'empty-202', idempotency: 'none' });
    const finding = findingOf(report, 'idempotency.duplicate_on_retry');
    expect(finding.detail).toMatch(/The list grew by 3/);
    expect(finding.evidence.exchanges[0]!.note).toBe('the list before the retries');
    expect(findingOf(report, 'idempotency.duplicate_on_parallel_retry').detail).toMatch(
      /The list grew by 8/,
    );
  });

  it('finds every duplicate when the API ignores keys', async () => {
    const report = await notes.run({ idempotency: 'none' });
    expect(statuses(report, notes.codes)).toEqual({
      'idempotency.duplicate_on_retry': 'failed',
      'idempotency.duplicate_on_parallel_retry': 'failed',
      'idempotency.replay_mismatch': 'failed',
      'idempotency.key_reuse_accepted': 'failed',
      'idempotency.cross_tenant_replay': 'passed',
      'idempotency.duplicate_on_lost_response': 'failed',
    });
    const retry = findingOf(report, 'idempotency.duplicate_on_retry');
    expect(retry.severity).toBe('high');
    expect(retry.evidence.exchanges).toHaveLength(3);
    const ids = retry.evidence.exchanges.map((exchange) => answerId(exchange));
    expect(new Set(ids).size).toBe(3);
    for (const exchange of retry.evidence.exchanges) {
      expect(exchange.request.headers['Idempotency-Key']).toMatch(/^shakedown-/);
      expect(exchange.request.headers.Authorization).toBe('Bearer ****2c3d');
    }
  });

  it('skips what it cannot decide: GET routes, and the cross-tenant check with one tenant', async () => {
    const target = await notes.start();
    const report = await runSuite(target.config({ tenants: 1 }), ['idempotency']);
    expect(statuses(report, notes.codes, 'list-notes')).toEqual(
      everyStatus(notes.codes, 'skipped'),
    );
    const check = report.checks.find(
      (c) => c.code === 'idempotency.cross_tenant_replay' && c.route === 'create-note',
    )!;
    expect(check).toMatchObject({
      status: 'skipped',
      reason: 'only one tenant configured; this check needs two',
    });
  });

  it('deletes what it created', async () => {
    const logs: string[] = [];
    await notes.run(
      { idempotency: 'none' },
      { engine: { onLog: (_level, message) => logs.push(message) } },
    );
    expect(notes.target.notes.size).toBe(0);
    expect(logs.some((message) => /deleted \d+ object/.test(message))).toBe(true);
  });
});
