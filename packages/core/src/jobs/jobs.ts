import { z } from 'zod';

import { ProbeNameSchema } from '../config/config.schema';
import { RunStatusSchema } from '../contract/runs.schema';
import { defineJob } from './job-contract';

export const QUEUES = {
  probeRuns: 'probe-runs',
  loadShards: 'load-shards',
  schedules: 'schedules',
  webhookDeliveries: 'webhook-deliveries',
} as const;

const KEEP = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } };

/** Executes one queued run. Enqueued by the API (and by schedules); idempotent per run. */
export const ProbeRunJob = defineJob({
  queue: QUEUES.probeRuns,
  name: 'probe-run',
  payload: z.object({
    runId: z.uuid(),
    orgId: z.uuid(),
    probes: z.array(ProbeNameSchema).optional(),
  }),
  // BullMQ refuses custom ids with one colon (it reserves `a:b:c` for repeatable jobs).
  jobId: ({ runId }) => `probe-run-${runId}`,
  options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, ...KEEP },
});
export type ProbeRunPayload = z.infer<typeof ProbeRunJob.payload>;

/** One shard of a sharded load stage; a child job of the run's job. */
export const LoadShardJob = defineJob({
  queue: QUEUES.loadShards,
  name: 'load-shard',
  payload: z.object({
    runId: z.uuid(),
    orgId: z.uuid(),
    shardIndex: z.number().int().min(0),
    shardCount: z.number().int().min(1),
  }),
  jobId: ({ runId, shardIndex }) => `load-shard:${runId}:${shardIndex}`,
  options: { attempts: 2, backoff: { type: 'fixed', delay: 2_000 }, ...KEEP },
});
export type LoadShardPayload = z.infer<typeof LoadShardJob.payload>;

/** Fired by a BullMQ job scheduler for each cron slot of a target's schedule. */
export const ScheduledRunJob = defineJob({
  queue: QUEUES.schedules,
  name: 'scheduled-run',
  payload: z.object({
    scheduleId: z.uuid(),
    orgId: z.uuid(),
    targetId: z.uuid(),
  }),
  jobId: ({ scheduleId }) => `schedule:${scheduleId}`,
  options: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, ...KEEP },
});
export type ScheduledRunPayload = z.infer<typeof ScheduledRunJob.payload>;

/** Delivers one event to one endpoint; retried with backoff over about a day. */
export const WebhookDeliveryJob = defineJob({
  queue: QUEUES.webhookDeliveries,
  name: 'webhook-delivery',
  payload: z.object({
    deliveryId: z.uuid(),
    orgId: z.uuid(),
  }),
  jobId: ({ deliveryId }) => `webhook-delivery-${deliveryId}`,
  options: { attempts: 12, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
});
export type WebhookDeliveryPayload = z.infer<typeof WebhookDeliveryJob.payload>;

export const JOBS = [ProbeRunJob, LoadShardJob, ScheduledRunJob, WebhookDeliveryJob] as const;

/**
 * The Redis pub/sub channels between the api and the worker, each under the deployment's
 * `REDIS_PREFIX:`.
 */

/** The worker publishes a run's progress here; the API's event stream listens. */
export function runProgressChannel(runId: string): string {
  return `run-progress:${runId}`;
}

/** Every run's cancel channel starts with this (workers listen to them all with one pattern). */
export const RUN_CANCEL_CHANNEL_PREFIX = 'run-cancel:';

/** The API publishes here when a running run is cancelled; the worker running it aborts. */
export function runCancelChannel(runId: string): string {
  return `${RUN_CANCEL_CHANNEL_PREFIX}${runId}`;
}

/** What the worker publishes on {@link runProgressChannel}; the API relays it as SSE. */
export const RunProgressEventSchema = z.object({
  runId: z.uuid(),
  status: RunStatusSchema,
  progressDone: z.number().int().min(0),
  progressTotal: z.number().int().min(0),
  currentProbe: z.string().nullable(),
  /** ISO timestamp of the event. */
  at: z.string(),
});
export type RunProgressEvent = z.infer<typeof RunProgressEventSchema>;
