import { parseEnv } from '@shakedown/nest';
import { z } from 'zod';

/** Every environment variable the worker reads, parsed once at start-up. */
export const WorkerConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Where the worker serves `/health` (readiness) and `/metrics`. */
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DATABASE_URL: z
    .string({ error: 'is required: the URL of the PostgreSQL database' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key; must match the API's. */
  REDIS_PREFIX: z.string().min(1).default('shakedown'),
  /** Probe runs one worker process executes at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;

export function parseWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  return parseEnv(WorkerConfigSchema, env);
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
