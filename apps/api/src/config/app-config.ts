import { parseAllowEntry } from '@shakedown/core/http';
import { parseEnv } from '@shakedown/nest';
import { z } from 'zod';

const DEV_APP_SECRET = 'shakedown-development-secret-do-not-use-in-production';

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

/** An empty variable (`FOO=` in an env file) counts as unset. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const perWindow = (fallback: number) =>
  z.coerce.number().int().min(1).max(1_000_000).default(fallback);

/** Every environment variable the API reads, parsed once at start-up. */
export const AppConfigSchema = z
  .object({
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
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Encrypts webhook secrets and stored idempotent answers. Required in production. */
    APP_SECRET: z.preprocess(
      unsetIfEmpty,
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    /** The dashboard's origin: the only one CORS allows, and the base of invitation links. */
    WEB_ORIGIN: z.preprocess(
      unsetIfEmpty,
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) origin' })
        .transform((value) => new URL(value).origin)
        .optional(),
    ),
    /** Hosts, host:port, addresses and CIDRs probes and webhooks may reach although not public; targets there count as verified. */
    TARGET_ALLOWLIST: commaList,
    /** Proxies whose X-Forwarded-For is believed (addresses, CIDRs, or `loopback`); none by default. */
    TRUSTED_PROXIES: commaList,
    /** The `Secure` cookie attribute; default on in production. */
    COOKIE_SECURE: z.preprocess(unsetIfEmpty, booleanFlag.optional()),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24 * 14),
    /** Sign-in attempts per client address per minute. */
    RATE_LIMIT_SIGN_IN_PER_MINUTE: perWindow(20),
    /** Failed sign-ins per account per 15 minutes. */
    RATE_LIMIT_ACCOUNT_FAILURES: perWindow(10),
    /** Sign-ups per client address per hour. */
    RATE_LIMIT_SIGN_UP_PER_HOUR: perWindow(20),
    /** Requests per organisation per minute. */
    RATE_LIMIT_ORG_PER_MINUTE: perWindow(1200),
    /** Requests per API key (or per signed-in user) per minute. */
    RATE_LIMIT_PRINCIPAL_PER_MINUTE: perWindow(600),
  })
  .superRefine(
    (config, ctx) => {
      if (config.NODE_ENV === 'production' && config.APP_SECRET === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['APP_SECRET'],
          message: 'is required in production (32 or more random characters)',
        });
      }
      for (const entry of Array.isArray(config.TARGET_ALLOWLIST) ? config.TARGET_ALLOWLIST : []) {
        try {
          parseAllowEntry(entry);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            path: ['TARGET_ALLOWLIST'],
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
      for (const entry of Array.isArray(config.TRUSTED_PROXIES) ? config.TRUSTED_PROXIES : []) {
        if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(entry)) {
          ctx.addIssue({
            code: 'custom',
            path: ['TRUSTED_PROXIES'],
            message: `"${entry}" is not an address, a CIDR, loopback, linklocal or uniquelocal`,
          });
        }
      }
    },
    // Report these along with other bad variables, so one start-up lists every problem.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((config) => ({
    ...config,
    APP_SECRET: config.APP_SECRET ?? DEV_APP_SECRET,
    COOKIE_SECURE: config.COOKIE_SECURE ?? config.NODE_ENV === 'production',
  }));

export type AppConfig = z.infer<typeof AppConfigSchema>;

export function parseAppConfig(env: Record<string, string | undefined>): AppConfig {
  return parseEnv(AppConfigSchema, env);
}

/** Injection token of the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
