import {
  deploymentEnvShape,
  parseEnv,
  reportWithOtherIssues,
  requireAppSecretInProduction,
  withDeploymentDefaults,
} from '@shakedown/nest-infra';
import { z } from 'zod';

const milliseconds = (defaultMs: number) => z.coerce.number().int().min(1).default(defaultMs);

/** Every environment variable the worker reads, parsed once at start-up. */
export const WorkerConfigSchema = z.object({
  /** `HOST`/`PORT`: where the worker serves `/health` (readiness) and `/metrics`. */
  ...deploymentEnvShape(3001),

  /** Probe runs one worker process executes at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Load shards one worker process runs at once (each one generates load: keep it low). */
  LOAD_SHARD_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
  /** Webhook deliveries one worker process sends at once. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),

  /** How long a job's lock lives without renewal; a crashed worker's job is retried after it. */
  JOB_LOCK_DURATION_MS: milliseconds(30_000),
  /** How often workers look for jobs whose worker disappeared (stalled jobs). */
  JOB_STALLED_INTERVAL_MS: milliseconds(30_000),
  /** Times a stalled job is put back before it is failed (the run then ends `failed`). */
  JOB_MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(10).default(1),
  /** Delay before a run blocked by fairness (busy target or organisation) is tried again. */
  RUN_BUSY_RETRY_MS: milliseconds(3_000),
  /** How often runs left `running`/`queued` without a live job are found and failed. */
  RUN_REAPER_INTERVAL_MS: milliseconds(60_000),

  /** Attempts per webhook delivery (the first one included). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(12),
  /**
   * First retry delay; each retry doubles it (with jitter). 42 s over 12 attempts spreads the
   * retries over about a day (42 s × (2^11 − 1) ≈ 23.9 h).
   */
  WEBHOOK_BACKOFF_MS: milliseconds(42_000),
  /** Share of each retry delay that is random (0 to 1). */
  WEBHOOK_BACKOFF_JITTER: z.coerce.number().min(0).max(1).default(0.2),
  /** Time an endpoint has to answer one attempt. */
  WEBHOOK_TIMEOUT_MS: milliseconds(10_000),
  /**
   * Attempts sent to one webhook endpoint per minute, over every worker (abuse model): beyond
   * it a delivery waits for the next minute without using up an attempt.
   */
  WEBHOOK_SENDS_PER_ENDPOINT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Deliveries in a row that exhaust their attempts before the endpoint is disabled. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),

  /** How often the schedulers in Redis are reconciled with the schedules in the database. */
  SCHEDULE_RECONCILE_INTERVAL_MS: milliseconds(60_000),
  /** Missed cron slots (no worker was running) still run when a worker comes back. */
  SCHEDULE_CATCHUP_LIMIT: z.coerce.number().int().min(0).max(100).default(3),

  /** On SIGTERM: time jobs in progress get to finish before they are handed back to the queue. */
  SHUTDOWN_GRACE_MS: milliseconds(25_000),
});

const WorkerEnvSchema = WorkerConfigSchema.superRefine(
  requireAppSecretInProduction,
  reportWithOtherIssues,
).transform(withDeploymentDefaults);

export type WorkerConfig = z.infer<typeof WorkerEnvSchema>;

export function parseWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  return parseEnv(WorkerEnvSchema, env);
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
