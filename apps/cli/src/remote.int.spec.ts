import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';

import { parseConfigText } from '@shakedown/core/config';
import type { Run, RunList } from '@shakedown/core/contract';
import { severityRank } from '@shakedown/core/findings';
import { runProbes } from '@shakedown/core/probes';
import { ReportSchema, probeOfCheck } from '@shakedown/core/report';
import { createPrismaClient, RunRepository, type Db } from '@shakedown/db';

import { call, signUpWithOrg, type SessionCaller } from '../../api/test/client';
import { startTestApi, type TestApi } from '../../api/test/harness';
import { BUILT_CLI, runCli } from './testing/built-cli';
import { ordersConfig, startTarget, type TargetServer } from './testing/target-servers';

// `shakedown remote run` (the built CLI, spawned) against the real API on a fresh database and
// Redis prefix. No worker runs here: the test takes the worker's part for the run the CLI
// queued (claims it, runs the real probe engine against a local target, stores the results
// through the worker's repository), so the API, the CLI and the report formats meet for real.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shakedown remote run against the real API', () => {
  let api: TestApi;
  let db: Db;
  let results: RunRepository;
  let target: TargetServer;
  let owner: SessionCaller;
  let apiKey: string;
  let targetId: string;
  let dir: string;

  /** `shakedown remote run` against the test API with the test's key, for `target`. */
  const remoteRun = (target: string) => [
    'remote',
    'run',
    '--api',
    api.baseUrl,
    '--token',
    apiKey,
    '--target',
    target,
  ];

  beforeAll(async () => {
    if (!existsSync(BUILT_CLI))
      throw new Error(`${BUILT_CLI} is missing: build @shakedown/core and @shakedown/cli`);
    api = await startTestApi();
    db = createPrismaClient(api.database.url, { poolSize: 2 });
    results = new RunRepository(db);
    // The client's first queries load its query engine: not inside claimRun's 5 s transaction.
    await db.run.count();
    await db.$transaction(async (tx) => tx.org.count());
    target = await startTarget('mass-assignment');
    owner = await signUpWithOrg(api);
    const key = await call<{ key: string }>(api, owner, 'POST', '/api-keys', {
      body: { name: 'ci', role: 'member' },
    });
    if (key.status !== 201) throw new Error(`POST /api-keys answered ${key.status}: ${key.text}`);
    apiKey = key.body.key;
    // POST /targets takes the config document as written, as JSON.
    const created = await call<{ id: string }>(api, owner, 'POST', '/targets', {
      body: parseYaml(ordersConfig(target.url)) as unknown,
    });
    if (created.status !== 201) {
      throw new Error(`POST /targets answered ${created.status}: ${created.text}`);
    }
    targetId = created.body.id;
    dir = mkdtempSync(path.join(tmpdir(), 'shakedown-remote-'));
  }, 120_000);

  afterAll(async () => {
    await target?.close();
    await db?.$disconnect();
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The repository's own transaction wrapper recurses on Prisma 7 (a transaction client also has
   * `$transaction`, so it nests savepoints until the 5 s timeout): open the transaction here and
   * hand the repository a client that does not offer `$transaction`.
   */
  function inTransaction<T>(work: (repository: RunRepository) => Promise<T>): Promise<T> {
    return db.$transaction(
      (tx) =>
        work(
          new RunRepository(
            new Proxy(tx, { has: (target, key) => key !== '$transaction' && key in target }),
          ),
        ),
      { timeout: 60_000 },
    );
  }

  /** Waits for the run the CLI queued, then ends it as a worker would. */
  async function actAsWorker(outcome: 'complete' | 'fail'): Promise<Run> {
    let run: Run | undefined;
    for (let attempt = 0; attempt < 600 && !run; attempt += 1) {
      const list = await call<RunList>(api, owner, 'GET', `/runs?targetId=${targetId}`);
      run = list.body.items.find((item) => item.status === 'queued');
      if (!run) await sleep(100);
    }
    if (!run) throw new Error('the CLI queued no run within 60 s');
    const claim = await inTransaction((repository) => repository.claimRun(owner.orgId!, run.id));
    expect(claim.outcome).toBe('claimed');
    if (outcome === 'fail') {
      await results.finishRun(owner.orgId!, run.id, 'failed', 'the target stopped answering');
      return run;
    }
    const parsed = parseConfigText(ordersConfig(target.url));
    if (!parsed.ok) throw new Error('the test config does not validate');
    const report = await runProbes(parsed.config, {
      include: run.probes.length > 0 ? run.probes : undefined,
      onProgress: (progress) =>
        void results.updateProgress(owner.orgId!, run.id, {
          done: progress.done,
          total: progress.total,
          currentProbe: progress.probe,
        }),
    });
    const stored = await inTransaction((repository) =>
      repository.completeRun(owner.orgId!, run.id, {
        checks: report.checks.map((check) => ({ ...check, probe: probeOfCheck(check) })),
        findings: report.findings.map((finding) => ({
          ...finding,
          severityRank: severityRank(finding.severity),
          evidence: JSON.parse(JSON.stringify(finding.evidence)) as never,
          isNew: true,
        })),
        summary: JSON.parse(JSON.stringify(report.summary)) as never,
        regressionCount: null,
      }),
    );
    expect(stored).toBe(true);
    return run;
  }

  it('queues a CI run of the named target, follows it and exits by its findings', async () => {
    const [outcome, run] = await Promise.all([
      runCli([...remoteRun('orders-api'), '--probes', 'schema', '--format', 'json'], dir),
      actAsWorker('complete'),
    ]);
    expect(outcome.stderr).toContain(`Run ${run.id} queued for target orders-api.`);
    expect(run.trigger).toBe('ci');
    expect(run.probes).toEqual(['schema']);
    const report = ReportSchema.parse(JSON.parse(outcome.stdout));
    expect(report.target).toBe('orders-api');
    expect(report.findings.map((finding) => finding.code)).toContain(
      'schema.unknown_field_persisted',
    );
    expect(outcome.code).toBe(1);
  });

  it("writes the service's SARIF to --out", async () => {
    const [outcome] = await Promise.all([
      runCli(
        [
          ...remoteRun('orders-api'),
          '--probes',
          'schema',
          '--format',
          'sarif',
          '--out',
          'out/remote.sarif',
          '--fail-on',
          'critical',
        ],
        dir,
      ),
      actAsWorker('complete'),
    ]);
    expect(outcome.code).toBe(0);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out', 'remote.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((result) => result.ruleId)).toContain(
      'schema.unknown_field_persisted',
    );
    expect(outcome.stderr).toContain('sarif report written to out/remote.sarif');
  });

  it("compares with the target's previous completed run on the service (--baseline previous)", async () => {
    const before = await call<RunList>(
      api,
      owner,
      'GET',
      `/runs?targetId=${targetId}&status=completed`,
    );
    const previous = before.body.items[0];
    if (!previous) throw new Error('the tests above left no completed run');
    const [outcome] = await Promise.all([
      runCli(
        [
          ...remoteRun('orders-api'),
          '--probes',
          'schema',
          '--format',
          'json',
          '--baseline',
          'previous',
        ],
        dir,
      ),
      actAsWorker('complete'),
    ]);
    expect(outcome.stderr).toContain(`Baseline (run ${previous.id}): 0 new,`);
    expect(outcome.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(outcome.stdout));
    expect(report.baseline).toMatchObject({ source: `run ${previous.id}`, new: 0 });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding) => finding.baselineState === 'unchanged')).toBe(true);
  });

  it('exits 3 with the reason when the run failed', async () => {
    const [outcome, run] = await Promise.all([
      runCli(remoteRun('orders-api'), dir),
      actAsWorker('fail'),
    ]);
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toContain(`run ${run.id} failed: the target stopped answering`);
  });

  it("exits 2 with the API's message for a wrong key", async () => {
    const outcome = await runCli(
      ['remote', 'run', '--api', api.baseUrl, '--token', 'sk_wrong', '--target', 'orders-api'],
      dir,
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(
      /shakedown: the Shakedown API refused: .+ \(unauthenticated, request [^)]+\)/,
    );
  });

  it('exits 2 for a target the organisation does not have', async () => {
    const outcome = await runCli(remoteRun('payments-api'), dir);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('no target named "payments-api"');
  });
});
