import { LoadShardJob, ProbeRunJob } from '@shakedown/core/jobs';
import { decodeHistogram, LoadShardResultSchema } from '@shakedown/core/load';

import { createOrgWithTarget, createQueuedRun } from '../../test/factories';
import {
  createWorkerTestEnv,
  spawnWorker,
  runEnded,
  type WorkerProcess,
  type WorkerTestEnv,
} from '../../test/harness';
import { itemsConfig, startItemsTarget, type ItemsTarget } from '../../test/targets/items.target';

describe('a load stage split into shards', () => {
  let test: WorkerTestEnv;
  let target: ItemsTarget;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    target = await startItemsTarget();
    test = await createWorkerTestEnv({
      TARGET_ALLOWLIST: `127.0.0.1:${new URL(target.url).port}`,
      LOAD_SHARD_CONCURRENCY: '1',
    });
    workers.push(...(await Promise.all([spawnWorker(test), spawnWorker(test)])));
  });

  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await test?.close();
    await target?.close();
  });

  it('runs its shards as child jobs on the workers and merges them exactly', async () => {
    const config = {
      ...itemsConfig('sharded', target.url, { probes: ['load'] }),
      probes: {
        include: ['load'],
        load: {
          route: 'list-items',
          executor: 'constant-arrival-rate',
          rate: 40,
          duration: '3s',
          shards: 2,
          thresholds: { http_req_failed: ['rate<0.01'] },
        },
      },
    };
    const { org, target: row } = await createOrgWithTarget(test.db, {
      baseUrl: target.url,
      config: config,
    });
    const run = await createQueuedRun(test.db, row);
    await test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    const ended = await runEnded(test, run.id);
    expect(ended).toMatchObject({ status: 'completed', failureReason: null });

    const shards = await test.db.loadShard.findMany({
      where: { runId: run.id },
      orderBy: { shardIndex: 'asc' },
    });
    expect(shards.map((shard) => [shard.shardIndex, shard.shardCount])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const raws = shards.map((shard) => LoadShardResultSchema.parse(shard.result));
    const load = await test.db.loadResult.findUniqueOrThrow({ where: { runId: run.id } });
    // Counts add up, and the merged histogram holds every sample of both shards.
    expect(load.requests).toBe(raws[0]!.requests + raws[1]!.requests);
    expect(load.requests).toBeGreaterThan(60);
    expect(decodeHistogram(load.histogram).totalCount).toBe(
      raws.reduce((sum, raw) => sum + decodeHistogram(raw.histogram).totalCount, 0),
    );
    expect(load.statusCounts).toEqual({ '200': load.requests });
    // What the target counted on the load route is what the run reports.
    expect(target.requestsBy()).toBeGreaterThanOrEqual(load.requests);
    const checks = await test.db.checkResult.findMany({
      where: { runId: run.id },
      orderBy: { code: 'asc' },
    });
    expect(checks.map((check) => [check.code, check.status])).toEqual([
      ['load.server_errors', 'passed'],
      ['load.threshold_failed', 'passed'],
    ]);
    const lines = await test.db.runLogEntry.findMany({
      where: { runId: run.id, message: { startsWith: 'load shard' } },
    });
    expect(lines.map((line) => line.message.slice(0, 'load shard 1 of 2'.length)).sort()).toEqual([
      'load shard 1 of 2',
      'load shard 2 of 2',
    ]);
    process.stdout.write(`${lines.map((line) => line.message).join('\n')}\n`);
    const shardJobs = await test.queue(LoadShardJob.queue).getJobCounts('completed', 'failed');
    expect(shardJobs).toEqual({ completed: 2, failed: 0 });
  });
});
