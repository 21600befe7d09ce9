import { ProbeRunJob } from '@shakedown/core/jobs';

import { createOrgWithTarget, createQueuedRun } from '../../../test/factories';
import { spawnWorker, waitFor } from '../../../test/harness';
import { useWorkerSuite } from '../../../test/suite';
import { itemsConfig } from '../../../test/targets/items.target';

describe('a worker asked to stop (SIGTERM) while it runs a job', () => {
  const suite = useWorkerSuite({ target: { delayMs: 40 } });

  async function startRun(name: string, burst: number) {
    const baseUrl = `${suite.target.url}/t/${name}`;
    const { org, target: row } = await createOrgWithTarget(suite.test.db, {
      baseUrl,
      config: itemsConfig(name, baseUrl, { burst, maxRps: 40 }),
    });
    const run = await createQueuedRun(suite.test.db, row);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    await waitFor(() => suite.target.requestsBy(name) > 20, {
      timeoutMs: 90_000,
      what: `${name} under way`,
    });
    return run;
  }

  const runOf = (id: string) => suite.test.db.run.findUniqueOrThrow({ where: { id } });

  it('finishes a job that ends within the grace period before exiting', async () => {
    const worker = await spawnWorker(suite.test, { SHUTDOWN_GRACE_MS: '60000' });
    suite.workers.push(worker);
    const run = await startRun('finishes', 120);
    const exited = worker.kill('SIGTERM');
    expect((await runOf(run.id)).status).toBe('running');
    await exited;
    expect(await runOf(run.id)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('hands a longer job back to the queue, where the next worker completes it', async () => {
    const first = await spawnWorker(suite.test, { SHUTDOWN_GRACE_MS: '1000' });
    suite.workers.push(first);
    const run = await startRun('handed-back', 2000);
    await first.kill('SIGTERM');
    const handedBack = await runOf(run.id);
    expect(handedBack.status).toBe('queued');
    const job = await suite.test
      .queue(ProbeRunJob.queue)
      .getJob(ProbeRunJob.jobId({ runId: run.id, orgId: run.orgId }));
    expect(await job!.getState()).toMatch(/^(delayed|wait)$/);

    // Make the rest quick, then let another worker take it.
    await suite.test.db.run.update({
      where: { id: run.id },
      data: {
        config: itemsConfig('handed-back', `${suite.target.url}/t/handed-back`, {
          burst: 20,
        }),
      },
    });
    const second = await spawnWorker(suite.test);
    suite.workers.push(second);
    const ended = await waitFor(
      async () => {
        const row = await runOf(run.id);
        return row.status === 'queued' || row.status === 'running' ? undefined : row;
      },
      { timeoutMs: 90_000, what: 'the handed-back run to end' },
    );
    expect(ended).toMatchObject({ status: 'completed', attempts: 2 });
    const jobs = suite.test.queue(ProbeRunJob.queue);
    const jobId = ProbeRunJob.jobId({ runId: run.id, orgId: run.orgId });
    await waitFor(async () => (await jobs.getJobState(jobId)) === 'completed', {
      what: 'the job to complete',
    });
    // Handing back used none of the job's attempts: only its completion counts.
    expect((await jobs.getJob(jobId))!.attemptsMade).toBe(1);
    const log = (await suite.test.db.runLogEntry.findMany({ where: { runId: run.id } })).map(
      (line) => line.message,
    );
    expect(log.some((line) => /is shutting down: the run goes back to the queue/.test(line))).toBe(
      true,
    );
  });
});
