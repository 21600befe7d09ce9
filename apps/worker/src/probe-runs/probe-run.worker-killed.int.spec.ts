import { ProbeRunJob } from '@shakedown/core/jobs';

import { createOrgWithTarget, createQueuedRun } from '../../test/factories';
import {
  createWorkerTestEnv,
  spawnWorker,
  waitFor,
  type WorkerProcess,
  type WorkerTestEnv,
} from '../../test/harness';
import { itemsConfig, startItemsTarget, type ItemsTarget } from '../../test/targets/items.target';

describe('a worker killed in the middle of a run', () => {
  let test: WorkerTestEnv;
  let target: ItemsTarget;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    target = await startItemsTarget({ delayMs: 50 });
    test = await createWorkerTestEnv({
      TARGET_ALLOWLIST: `127.0.0.1:${new URL(target.url).port}`,
      // A dead worker's lock expires after 4 s; live workers look for such jobs every 2 s.
      JOB_LOCK_DURATION_MS: '4000',
      JOB_STALLED_INTERVAL_MS: '2000',
      JOB_MAX_STALLED_COUNT: '1',
    });
  });

  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await test?.close();
    await target?.close();
  });

  it('is finished by the next worker, without storing any finding twice', async () => {
    const config = itemsConfig('slow-items', target.url, { burst: 300, maxRps: 40 });
    const { org, target: row } = await createOrgWithTarget(test.db, {
      baseUrl: target.url,
      config: config,
    });
    const run = await createQueuedRun(test.db, row);

    const first = await spawnWorker(test);
    workers.push(first);
    await test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    await waitFor(() => target.totalRequests() > 100, {
      timeoutMs: 90_000,
      what: 'the run to be well under way',
    });
    const midRun = await test.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(midRun.status).toBe('running');
    expect(midRun.progressTotal).toBeGreaterThan(midRun.progressDone);
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    const sentByFirst = target.totalRequests();

    const second = await spawnWorker(test);
    workers.push(second);
    const ended = await waitFor(
      async () => {
        const row = await test.db.run.findUniqueOrThrow({ where: { id: run.id } });
        return row.status === 'queued' || row.status === 'running' ? undefined : row;
      },
      { timeoutMs: 120_000, what: `the run to end (second worker output:\n${second.output()})` },
    );

    expect(ended).toMatchObject({ status: 'completed', failureReason: null, attempts: 2 });
    expect(target.totalRequests()).toBeGreaterThan(sentByFirst);
    const findings = await test.db.finding.findMany({ where: { runId: run.id } });
    expect(findings.map((finding) => `${finding.route} ${finding.code}`)).toEqual([
      'list-items ratelimit.missing',
    ]);
    const checks = await test.db.checkResult.findMany({ where: { runId: run.id } });
    expect(checks).toHaveLength(ended.progressTotal);
    expect(new Set(checks.map((check) => `${check.route} ${check.code}`)).size).toBe(checks.length);
    const log = (
      await test.db.runLogEntry.findMany({
        where: { runId: run.id },
        orderBy: { createdAt: 'asc' },
      })
    )
      .map((line) => line.message)
      .join('\n');
    expect(log).toMatch(/attempt 1 on worker \S+: probing/);
    expect(log).toMatch(/attempt 2 on worker \S+: probing/);
    expect(log).toMatch(/picked up again/);
    await second.kill('SIGKILL');
  });

  it('is failed, saying why, once its worker has died more times than allowed', async () => {
    const config = itemsConfig('dies-twice', `${target.url}/t/dies-twice`, {
      burst: 300,
      maxRps: 40,
    });
    const { org, target: row } = await createOrgWithTarget(test.db, {
      baseUrl: `${target.url}/t/dies-twice`,
      config: config,
    });
    const run = await createQueuedRun(test.db, row);
    // These workers allow no stall at all: the first crash is one too many.
    const strict = { JOB_MAX_STALLED_COUNT: '0' };
    const first = await spawnWorker(test, strict);
    workers.push(first);
    await test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    await waitFor(() => target.requestsBy('dies-twice') > 40, {
      timeoutMs: 90_000,
      what: 'the run to be under way',
    });
    await first.kill('SIGKILL');
    const second = await spawnWorker(test, strict);
    workers.push(second);
    const ended = await waitFor(
      async () => {
        const found = await test.db.run.findUniqueOrThrow({ where: { id: run.id } });
        return found.status === 'queued' || found.status === 'running' ? undefined : found;
      },
      { timeoutMs: 120_000, what: 'the run to end' },
    );
    expect(ended).toMatchObject({
      status: 'failed',
      failureReason:
        'The worker running this run stopped (crashed or lost its connection) 1 time; the run was given up.',
      attempts: 1,
    });
    expect(await test.db.finding.count({ where: { runId: run.id } })).toBe(0);
  });
});
