import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';

/** The job states `shakedown_queue_jobs` reports, as BullMQ names them. */
export const QUEUE_JOB_STATES = [
  'wait',
  'prioritized',
  'active',
  'delayed',
  'waiting-children',
  'paused',
  'failed',
  'completed',
] as const;

/**
 * Registers the queue gauges the api and the worker both expose on `/metrics`, read from Redis
 * at every scrape: jobs per queue and state, and the age of the oldest job waiting to start.
 * A queue that cannot be read (Redis down) is left out of that scrape rather than failing it.
 */
export function registerQueueMetrics(registry: Registry, queues: readonly Queue[]): void {
  new Gauge({
    name: 'shakedown_queue_jobs',
    help: 'Jobs in each queue by state (wait = ready to start).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (queue) => {
          const counts = await queue.getJobCounts(...QUEUE_JOB_STATES).catch(() => undefined);
          if (!counts) return;
          for (const state of QUEUE_JOB_STATES) {
            this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }
        }),
      );
    },
  });
  new Gauge({
    name: 'shakedown_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job ready to start but not started yet (0 when none waits).',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      await Promise.all(
        queues.map(async (queue) => {
          const oldest = await Promise.all(
            (['wait', 'prioritized'] as const).map((state) =>
              queue.getJobs([state], 0, 0, true).catch(() => undefined),
            ),
          );
          if (oldest.some((jobs) => jobs === undefined)) return;
          // A delayed job became ready when its delay ran out, not when it was added.
          const timestamps = oldest.flat().map((job) => job!.timestamp + (job!.delay || 0));
          const age = timestamps.length > 0 ? (now - Math.min(...timestamps)) / 1000 : 0;
          this.set({ queue: queue.name }, Math.max(0, age));
        }),
      );
    },
  });
}
