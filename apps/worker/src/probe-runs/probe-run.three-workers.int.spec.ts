import { ProbeRunJob } from '@shakedown/core/jobs';
import type { Prisma } from '@shakedown/db';

import { createOrgWithTarget } from '../../test/factories';
import { spawnWorker, waitFor } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';
import { itemsConfig } from '../../test/targets/items.target';

const RUNS = 30;

describe('three worker processes sharing one queue', () => {
  const suite = useWorkerSuite({ target: {}, env: { WORKER_CONCURRENCY: '2' } });

  it('process each of 30 queued runs exactly once', async () => {
    // One target per run, each under its own path, so the server counts each run's requests.
    const { org } = await createOrgWithTarget(suite.test.db, {
      baseUrl: `${suite.target.url}/t/warm-up`,
      config: itemsConfig('warm-up', `${suite.target.url}/t/warm-up`),
      org: { maxConcurrentRuns: RUNS },
    });
    const runs: { id: string; prefix: string }[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const prefix = `run-${i}`;
      const baseUrl = `${suite.target.url}/t/${prefix}`;
      const row = await suite.test.db.target.create({
        data: {
          orgId: org.id,
          name: prefix,
          baseUrl,
          config: itemsConfig(prefix, baseUrl),
          verificationToken: prefix,
        },
      });
      const run = await suite.test.db.run.create({
        data: {
          orgId: org.id,
          targetId: row.id,
          trigger: 'api',
          probes: [],
          config: row.config as Prisma.InputJsonValue,
        },
      });
      runs.push({ id: run.id, prefix });
    }
    // All 30 wait in the queue; it is paused until the three workers are up, so a worker that
    // boots faster than the others cannot take everything.
    const queue = suite.test.queue(ProbeRunJob.queue);
    await queue.pause();
    for (const run of runs) await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    expect(await queue.getJobCounts('paused', 'wait')).toEqual({ paused: RUNS, wait: 0 });
    suite.workers.push(
      ...(await Promise.all([
        spawnWorker(suite.test),
        spawnWorker(suite.test),
        spawnWorker(suite.test),
      ])),
    );
    await queue.resume();
    await waitFor(
      async () =>
        (await suite.test.db.run.count({
          where: { orgId: org.id, status: { in: ['queued', 'running'] } },
        })) === 0,
      { timeoutMs: 240_000, intervalMs: 500, what: 'every run to end' },
    );

    const ended = await suite.test.db.run.findMany({ where: { orgId: org.id } });
    expect(ended).toHaveLength(RUNS);
    expect(ended.map((run) => [run.status, run.attempts])).toEqual(
      Array.from({ length: RUNS }, () => ['completed', 1]),
    );
    // Each run's target saw the requests of exactly one run: the same number for every run.
    const requests = runs.map((run) => suite.target.requestsBy(run.prefix));
    expect(new Set(requests).size).toBe(1);
    expect(requests[0]).toBeGreaterThan(20);
    expect(await suite.test.db.finding.count({ where: { orgId: org.id } })).toBe(RUNS);
    // A run row ends a moment before BullMQ records its job as completed.
    await waitFor(
      async () => {
        const counts = await queue.getJobCounts('active', 'wait');
        return counts.active === 0 && counts.wait === 0;
      },
      { what: 'the queue to settle' },
    );
    const jobs = await queue.getJobCounts('completed', 'failed', 'wait', 'active');
    expect(jobs).toEqual({ completed: RUNS, failed: 0, wait: 0, active: 0 });

    // The work was shared: the run logs name the worker process of each attempt.
    const lines = await suite.test.db.runLogEntry.findMany({
      where: { orgId: org.id, message: { startsWith: 'attempt 1 on worker' } },
    });
    expect(lines).toHaveLength(RUNS);
    const byWorker = new Map<string, number>();
    for (const line of lines) {
      const id = /on worker (\S+):/.exec(line.message)![1]!;
      byWorker.set(id, (byWorker.get(id) ?? 0) + 1);
    }
    expect(byWorker.size).toBeGreaterThanOrEqual(2);
    process.stdout.write(`runs per worker process: ${[...byWorker.values()].join(', ')}\n`);
  });
});
