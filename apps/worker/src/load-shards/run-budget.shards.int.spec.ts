import { ProbeRunJob } from '@shakedown/core/jobs';
import type { Prisma } from '@shakedown/db';

import { createOrgWithTarget, createSiblingTarget, createQueuedRun } from '../../test/factories';
import {
  createWorkerTestEnv,
  spawnWorker,
  runWhenEnded,
  type WorkerProcess,
  type WorkerTestEnv,
} from '../../test/harness';
import { startMeteredTarget, type MeteredTarget } from '../../test/targets/metered.target';

/** Every `GET …/items` answer carries this many body bytes. */
const ANSWER_BYTES = 1000;

/**
 * One run, one budget (issue 16): the probes and every load shard, on three worker processes,
 * draw from the run's one ledger in Redis. Everything is counted at the target.
 */
describe('a sharded run stays within its one budget, counted at the target', () => {
  let test: WorkerTestEnv;
  let target: MeteredTarget;
  let orgId: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    target = await startMeteredTarget(ANSWER_BYTES);
    test = await createWorkerTestEnv({
      TARGET_ALLOWLIST: `127.0.0.1:${new URL(target.url).port}`,
      LOAD_SHARD_CONCURRENCY: '2',
    });
    const { org } = await createOrgWithTarget(test.db, {
      baseUrl: `${target.url}/t/unused`,
      config: budgetConfig('unused', `${target.url}/t/unused`, 2, {}),
      org: { maxConcurrentRuns: 4 },
    });
    orgId = org.id;
    workers.push(...(await Promise.all([spawnWorker(test), spawnWorker(test), spawnWorker(test)])));
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await test?.close();
    await target?.close();
  });

  /** Runs `config` through the workers; returns the run, its load result and the target's meter. */
  async function runThrough(name: string, config: Prisma.InputJsonObject) {
    const baseUrl = `${target.url}/t/${name}`;
    const row = await createSiblingTarget(test.db, orgId, { name, baseUrl, config });
    const run = await createQueuedRun(test.db, row);
    await test.enqueue(ProbeRunJob, { runId: run.id, orgId });
    const ended = await runWhenEnded(test, run.id);
    const load = await test.db.loadResult.findUnique({ where: { runId: run.id } });
    const shards = await test.db.loadShard.count({ where: { runId: run.id } });
    const meter = target.meter(name);
    process.stdout.write(
      `${name}: ${ended.status}${ended.failureReason ? ` (${ended.failureReason})` : ''}, target saw ${meter.requests} requests, ${meter.bodyBytes} body ` +
        `bytes over ${meter.lastAt - meter.firstAt} ms; load ${load?.requests ?? 0} requests ` +
        `in ${shards} shards\n`,
    );
    return { ended, load, shards, meter };
  }

  describe.each([2, 4])('%i shards', (shards) => {
    it('never more requests than maxRequests, probes and every shard together', async () => {
      const maxRequests = 150;
      const {
        ended,
        load,
        meter,
        shards: stored,
      } = await runThrough(
        `requests-${shards}`,
        budgetConfig(`requests-${shards}`, `${target.url}/t/requests-${shards}`, shards, {
          maxRequests,
        }),
      );
      expect(ended.status).toBe('completed');
      expect(stored).toBe(shards);
      expect(meter.requests).toBeLessThanOrEqual(maxRequests);
      // Both the probes and the shards spent from it: the ledger was used up, not left idle.
      expect(load!.requests).toBeGreaterThan(0);
      expect(meter.requests).toBeGreaterThan(load!.requests);
      expect(meter.requests).toBeGreaterThanOrEqual(maxRequests - shards);
    });

    it('never more bytes than maxBytes, answers in flight included', async () => {
      const maxBytes = 40 * ANSWER_BYTES;
      const { ended, load, meter } = await runThrough(
        `bytes-${shards}`,
        budgetConfig(`bytes-${shards}`, `${target.url}/t/bytes-${shards}`, shards, {
          maxBytes,
        }),
      );
      expect(ended.status).toBe('completed');
      expect(load!.requests).toBeGreaterThan(0);
      // Each request reserved room for an answer as large as the largest the run had seen (the
      // probes' burst on /items told the ledger before any shard started), so the answers in
      // flight when the budget ran out could not carry the run past it.
      expect(meter.bodyBytes).toBeLessThanOrEqual(maxBytes);
      // Without the ledger each shard would have spent the whole budget: about N times as much.
      expect(meter.bodyBytes).toBeGreaterThanOrEqual(maxBytes - shards * 2 * ANSWER_BYTES);
    });

    it('nothing sent after maxDuration from the run’s start, whatever the shards’ duration', async () => {
      const maxDuration = 3000;
      const { ended, load, meter } = await runThrough(
        `duration-${shards}`,
        budgetConfig(`duration-${shards}`, `${target.url}/t/duration-${shards}`, shards, {
          maxDuration: '3s',
          duration: '8s',
        }),
      );
      expect(ended.status).toBe('completed');
      expect(load!.requests).toBeGreaterThan(0);
      // The deadline is set when the run starts, before its first request: the span of the
      // requests the target received cannot be longer, but for the time a request let go just
      // before the deadline spends reaching the target (a busy event loop's delay; 9 ms seen).
      const TRANSIT_MS = 100;
      expect(meter.lastAt - meter.firstAt).toBeLessThanOrEqual(maxDuration + TRANSIT_MS);
      // The probes took some of the time: each shard got the rest of the run's window, not 3 s
      // of its own after them.
      expect(meter.lastAt - meter.firstAt).toBeGreaterThan(maxDuration / 2);
    });
  });
});

/** The `ratelimit` probe on `/items` (a burst of requests), then a sharded load stage there. */
function budgetConfig(
  name: string,
  baseUrl: string,
  shards: number,
  options: { maxRequests?: number; maxBytes?: number; maxDuration?: string; duration?: string },
): Prisma.InputJsonObject {
  return {
    version: 1,
    target: {
      name,
      baseUrl,
      budget: {
        maxRps: 400,
        maxRequests: options.maxRequests ?? 20_000,
        ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
        ...(options.maxDuration === undefined ? {} : { maxDuration: options.maxDuration }),
      },
    },
    routes: [
      { id: 'list-items', method: 'GET', path: '/items', rateLimit: { expected: true, burst: 10 } },
    ],
    probes: {
      include: ['ratelimit', 'load'],
      load: {
        route: 'list-items',
        executor: 'constant-arrival-rate',
        rate: 100,
        duration: options.duration ?? '4s',
        shards,
      },
    },
  };
}
