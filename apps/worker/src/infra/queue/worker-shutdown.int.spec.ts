import { ProbeRunJob } from '@shakedown/core/jobs';

import { createOrgWithTarget, createQueuedRun } from '../../../test/factories';
import {
  createWorkerTestEnv,
  spawnWorker,
  waitFor,
  type WorkerProcess,
  type WorkerTestEnv,
} from '../../../test/harness';
import {
  itemsConfig,
  startItemsTarget,
  type ItemsTarget,
} from '../../../test/targets/items.target';

describe('a worker asked to stop (SIGTERM) while it runs a job', () => {
  let test: WorkerTestEnv;
  let target: ItemsTarget;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    target = await startItemsTarget({ delayMs: 40 });
    test = await createWorkerTestEnv({ TARGET_ALLOWLIST: `127.0.0.1:${new URL(target.url).port}` });
  });

  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await test?.close();
    await target?.close();
  });

  async function startRun(name: string, burst: number) {
    const baseUrl = `${target.url}/t/${name}`;
    const { org, target: row } = await createOrgWithTarget(test.db, {
      baseUrl,
      config: itemsConfig(name, baseUrl, { burst, maxRps: 40 }),
    });
    const run = await createQueuedRun(test.db, row);
    await test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    await waitFor(() => target.requestsBy(name) > 20, {
      timeoutMs: 90_000,
      what: `${name} under way`,
    });
    return run;
  }

  const runOf = (id: string) => test.db.run.findUniqueOrThrow({ where: { id } });

  it('finishes a job that ends within the grace period before exiting', async () => {
    const worker = await spawnWorker(test, { SHUTDOWN_GRACE_MS: '60000' });
    workers.push(worker);
    const run = await startRun('finishes', 120);
    const exited = worker.kill('SIGTERM');
    expect((await runOf(run.id)).status).toBe('running');
    await exited;
    expect(await runOf(run.id)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('hands a longer job back to the queue, where the next worker completes it', async () => {
    const first = await spawnWorker(test, { SHUTDOWN_GRACE_MS: '1000' });
    workers.push(first);
    const run = await startRun('handed-back', 2000);
    await first.kill('SIGTERM');
    const handedBack = await runOf(run.id);
    expect(handedBack.status).toBe('queued');
    const job = await test
      .queue(ProbeRunJob.queue)
      .getJob(ProbeRunJob.jobId({ runId: run.id, orgId: run.orgId }));
    expect(await job!.getState()).toMatch(/^(delayed|wait)$/);

    // Make the rest quick, then let another worker take it.
    await test.db.run.update({
      where: { id: run.id },
      data: {
        config: itemsConfig('handed-back', `${target.url}/t/handed-back`, {
          burst: 20,
        }),
      },
    });
    const second = await spawnWorker(test);
    workers.push(second);
    const ended = await waitFor(
      async () => {
        const row = await runOf(run.id);
        return row.status === 'queued' || row.status === 'running' ? undefined : row;
      },
      { timeoutMs: 90_000, what: 'the handed-back run to end' },
    );
    expect(ended).toMatchObject({ status: 'completed', attempts: 2 });
    const jobs = test.queue(ProbeRunJob.queue);
    const jobId = ProbeRunJob.jobId({ runId: run.id, orgId: run.orgId });
    await waitFor(async () => (await jobs.getJobState(jobId)) === 'completed', {
      what: 'the job to complete',
    });
    // Handing back used none of the job's attempts: only its completion counts.
    expect((await jobs.getJob(jobId))!.attemptsMade).toBe(1);
    const log = (await test.db.runLogEntry.findMany({ where: { runId: run.id } })).map(
      (line) => line.message,
    );
    expect(log.some((line) => /is shutting down: the run goes back to the queue/.test(line))).toBe(
      true,
    );
  });
});
