import { LoadShardJob, ProbeRunJob } from '@shakedown/core/jobs';
import { decodeHistogram, LoadShardResultSchema } from '@shakedown/core/load';

import { spawnWorker, runWhenEnded } from '../../test/harness';
import { createQueuedRunOnSuiteTarget } from '../../test/queued-run';
import { useWorkerSuite } from '../../test/suite';
import { itemsConfig } from '../../test/targets/items.target';

describe('a load stage split into shards', () => {
  const suite = useWorkerSuite({ target: {}, env: { LOAD_SHARD_CONCURRENCY: '1' } });

  beforeAll(async () => {
    suite.workers.push(...(await Promise.all([spawnWorker(suite.test), spawnWorker(suite.test)])));
  });

  it('runs its shards as child jobs on the workers and merges them exactly', async () => {
    const config = {
      ...itemsConfig('sharded', suite.target.url, { probes: ['load'] }),
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
    const { org, run } = await createQueuedRunOnSuiteTarget(suite, config);
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    const ended = await runWhenEnded(suite.test, run.id);
    expect(ended).toMatchObject({ status: 'completed', failureReason: null });

    const shards = await suite.test.db.loadShard.findMany({
      where: { runId: run.id },
      orderBy: { shardIndex: 'asc' },
    });
    expect(shards.map((shard) => [shard.shardIndex, shard.shardCount])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const raws = shards.map((shard) => LoadShardResultSchema.parse(shard.result));
    const load = await suite.test.db.loadResult.findUniqueOrThrow({ where: { runId: run.id } });
    // Counts add up, and the merged histogram holds every sample of both shards.
    expect(load.requests).toBe(raws[0]!.requests + raws[1]!.requests);
    expect(load.requests).toBeGreaterThan(60);
    expect(decodeHistogram(load.histogram).totalCount).toBe(
      raws.reduce((sum, raw) => sum + decodeHistogram(raw.histogram).totalCount, 0),
    );
    expect(load.statusCounts).toEqual({ '200': load.requests });
    // What the target counted on the load route is what the run reports.
    expect(suite.target.requestsBy()).toBeGreaterThanOrEqual(load.requests);
    const checks = await suite.test.db.checkResult.findMany({
      where: { runId: run.id },
      orderBy: { code: 'asc' },
    });
    expect(checks.map((check) => [check.code, check.status])).toEqual([
      ['load.server_errors', 'passed'],
      ['load.threshold_failed', 'passed'],
    ]);
    const lines = await suite.test.db.runLogEntry.findMany({
      where: { runId: run.id, message: { startsWith: 'load shard' } },
    });
    expect(lines.map((line) => line.message.slice(0, 'load shard 1 of 2'.length)).sort()).toEqual([
      'load shard 1 of 2',
      'load shard 2 of 2',
    ]);
    process.stdout.write(`${lines.map((line) => line.message).join('\n')}\n`);
    const shardJobs = await suite.test
      .queue(LoadShardJob.queue)
      .getJobCounts('completed', 'failed');
    expect(shardJobs).toEqual({ completed: 2, failed: 0 });
  });
});
