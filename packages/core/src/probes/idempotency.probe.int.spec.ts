import {
  startNotesTarget,
  type NotesBehaviour,
  type NotesTarget,
} from '../../test/targets/notes.target';
import { answerId, findingOf, runSuite, statuses } from '../../test/targets/run-probe';

const CODES = [
  'idempotency.duplicate_on_retry',
  'idempotency.duplicate_on_parallel_retry',
  'idempotency.replay_mismatch',
  'idempotency.key_reuse_accepted',
  'idempotency.cross_tenant_replay',
] as const;

const allPassed = Object.fromEntries(CODES.map((code) => [code, 'passed']));

describe('idempotency probe', () => {
  let target: NotesTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  async function run(behaviour: NotesBehaviour) {
    target = await startNotesTarget(behaviour);
    return runSuite(target.config(), ['idempotency']);
  }

  it('passes an API that claims keys atomically and answers 409 to duplicates in flight', async () => {
    const report = await run({ idempotency: 'atomic-409' });
    expect(statuses(report, CODES)).toEqual(allPassed);
    expect(report.findings).toEqual([]);
  });

  it.each<[string, NotesBehaviour]>([
    ['replays with 200 instead of 201', { replayStatus: 200 }],
    ['makes duplicates in flight wait for the first answer', { idempotency: 'atomic-wait' }],
    ['answers a reused key with 400', { keyReuse: 400 }],
    ['answers a reused key with 409', { keyReuse: 409 }],
    ['replays the first answer for a reused key', { keyReuse: 'replay' }],
    ["refuses another tenant's key with 409", { keyScope: 'refuse-other-tenant' }],
  ])('passes an API that %s', async (_name, behaviour) => {
    const report = await run(behaviour);
    expect(statuses(report, CODES)).toEqual(allPassed);
    expect(report.findings).toEqual([]);
  });

  it('passes an API that lists items inside { items: [...] } and creates with 202 and no body', async () => {
    const logs: string[] = [];
    target = await startNotesTarget({ createAnswer: 'empty-202' });
    const report = await runSuite(target.config(), ['idempotency'], {
      onLog: (level, message) => logs.push(`${level}: ${message}`),
    });
    // Without ids in the answers, what cannot be decided is skipped, never failed.
    expect(statuses(report, CODES)).toEqual({
      'idempotency.duplicate_on_retry': 'passed',
      'idempotency.duplicate_on_parallel_retry': 'passed',
      'idempotency.replay_mismatch': 'passed',
      'idempotency.key_reuse_accepted': 'passed',
      'idempotency.cross_tenant_replay': 'skipped',
    });
    expect(report.findings).toEqual([]);
    // What the list showed was deleted; the writes that could not be identified are reported.
    expect(
      logs.some((line) =>
        /^warn: create-note: \d+ write\(s\) answered 2xx without an id/.test(line),
      ),
    ).toBe(true);
    expect(logs).toContain('info: create-note: deleted 2 object(s) the probes created');
    expect(target.notes.size).toBe(2);
  });

  it('counts through a wrapped list when the create answer carries no id', async () => {
    const report = await run({ createAnswer: 'empty-202', idempotency: 'none' });
    const finding = findingOf(report, 'idempotency.duplicate_on_retry');
    expect(finding.detail).toMatch(/The list grew by 3/);
    expect(finding.evidence.exchanges[0]!.note).toBe('the list before the retries');
    expect(findingOf(report, 'idempotency.duplicate_on_parallel_retry').detail).toMatch(
      /The list grew by 8/,
    );
  });

  it('finds every duplicate when the API ignores keys', async () => {
    const report = await run({ idempotency: 'none' });
    expect(statuses(report, CODES)).toEqual({
      'idempotency.duplicate_on_retry': 'failed',
      'idempotency.duplicate_on_parallel_retry': 'failed',
      'idempotency.replay_mismatch': 'failed',
      'idempotency.key_reuse_accepted': 'failed',
      'idempotency.cross_tenant_replay': 'passed',
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

  it('finds the race of a read-then-write key check, and only that', async () => {
    const report = await run({ idempotency: 'racy' });
    expect(statuses(report, CODES)).toEqual({
      ...allPassed,
      'idempotency.duplicate_on_parallel_retry': 'failed',
    });
    const finding = findingOf(report, 'idempotency.duplicate_on_parallel_retry');
    expect(finding.severity).toBe('critical');
    expect(finding.evidence.exchanges).toHaveLength(8);
    const created = finding.evidence.exchanges
      .filter((exchange) => exchange.response?.status === 201)
      .map((exchange) => answerId(exchange));
    expect(new Set(created).size).toBeGreaterThan(1);
    // All eight went out at once, each on its own connection.
    const posts = target!.seen.filter(
      (request) =>
        request.method === 'POST' &&
        request.headers['idempotency-key'] ===
          finding.evidence.exchanges[0]!.request.headers['Idempotency-Key'],
    );
    expect(posts).toHaveLength(8);
    expect(new Set(posts.map((request) => request.connection)).size).toBe(8);
  });

  it('finds a retry that is refused instead of replayed', async () => {
    const report = await run({ retryAnswer: '422' });
    expect(statuses(report, CODES)).toEqual({
      ...allPassed,
      'idempotency.replay_mismatch': 'failed',
    });
    const finding = findingOf(report, 'idempotency.replay_mismatch');
    expect(finding.title).toMatch(/answered 422 instead of replaying 201/);
    expect(finding.evidence.exchanges.map((exchange) => exchange.response?.status)).toEqual([
      201, 422,
    ]);
  });

  it('finds a reused key accepted as a new write', async () => {
    const report = await run({ keyReuse: 'new-write' });
    expect(statuses(report, CODES)).toEqual({
      ...allPassed,
      'idempotency.key_reuse_accepted': 'failed',
    });
    const finding = findingOf(report, 'idempotency.key_reuse_accepted');
    const [first, second] = finding.evidence.exchanges;
    expect(first!.request.headers['Idempotency-Key']).toBe(
      second!.request.headers['Idempotency-Key'],
    );
    expect(first!.request.bodyPreview).not.toBe(second!.request.bodyPreview);
    expect(answerId(first!)).not.toBe(answerId(second!));
  });

  it('finds keys shared between tenants', async () => {
    const report = await run({ keyScope: 'global' });
    expect(statuses(report, CODES)).toEqual({
      ...allPassed,
      'idempotency.cross_tenant_replay': 'failed',
    });
    const finding = findingOf(report, 'idempotency.cross_tenant_replay');
    const [alice, bob] = finding.evidence.exchanges;
    expect(alice!.request.headers.Authorization).toBe('Bearer ****2c3d');
    expect(bob!.request.headers.Authorization).toBe('Bearer ****6a7b');
    expect(bob!.response!.bodyPreview).toBe(alice!.response!.bodyPreview);
  });

  it('skips what it cannot decide: GET routes, and the cross-tenant check with one tenant', async () => {
    target = await startNotesTarget({});
    const report = await runSuite(target.config({ tenants: 1 }), ['idempotency']);
    expect(statuses(report, CODES, 'list-notes')).toEqual(
      Object.fromEntries(CODES.map((code) => [code, 'skipped'])),
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
    target = await startNotesTarget({ idempotency: 'none' });
    await runSuite(target.config(), ['idempotency'], {
      onLog: (_level, message) => logs.push(message),
    });
    expect(target.notes.size).toBe(0);
    expect(logs.some((message) => /deleted \d+ object/.test(message))).toBe(true);
  });
});
