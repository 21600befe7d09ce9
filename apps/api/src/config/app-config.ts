import { parseEnv } from '@shakedown/nest';
import { z } from 'zod';

/** Every environment variable the API reads, parsed once at start-up. */
export const AppConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string({ error: 'is required: the URL of the PostgreSQL database' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key (BullMQ queues, rate limits), so deployments can share a Redis. */
  REDIS_PREFIX: z.string().min(1).default('shakedown'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = z.infer<typeof AppConfigSchema>;

export function parseAppConfig(env: Record<string, string | undefined>): AppConfig {
  return parseEnv(AppConfigSchema, env);
}

/** Injection token of the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
