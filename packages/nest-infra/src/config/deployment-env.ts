import { parseAllowEntry } from '@shakedown/core/http';
import { z } from 'zod';

/**
 * The api and the worker must agree on this secret (the worker decrypts the webhook secrets
 * the api encrypts), so the development fallback lives in one place.
 */
export const DEV_APP_SECRET = 'shakedown-development-secret-do-not-use-in-production';

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** An empty variable (`FOO=` in an env file) counts as unset. */
export const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

/** `a, b,c` → `['a', 'b', 'c']`. */
export const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/**
 * The variables both processes read, with the same meaning and validation in each: the
 * deployment, PostgreSQL, Redis, logging, the secret and the SSRF allowlist.
 */
export function deploymentEnvShape(defaultPort: number) {
  return {
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
    DATABASE_URL: z
      .string({ error: 'is required: the URL of the PostgreSQL database' })
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .default('redis://127.0.0.1:6379'),
    /** Prefix of every Redis key and channel, so deployments can share a Redis; api and worker alike. */
    REDIS_PREFIX: z.string().min(1).default('shakedown'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** `json` lines (the default outside development) or `pretty` lines for a person. */
    LOG_FORMAT: z.preprocess(
      unsetIfEmpty,
      z.enum(LOG_FORMATS, { error: `must be ${LOG_FORMATS.join(' or ')}` }).optional(),
    ),
    /**
     * Encrypts webhook signing secrets, targets' credentials and stored idempotent answers.
     * Required in production.
     */
    APP_SECRET: z.preprocess(
      unsetIfEmpty,
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    /**
     * Older APP_SECRETs, comma-separated, while rotating the key: they only open what they
     * sealed (the worker re-seals it with APP_SECRET at start), never seal anything new.
     */
    APP_SECRET_PREVIOUS: commaList.superRefine((keys, ctx) => {
      for (const [index, key] of keys.entries()) {
        if (key.length < 32) {
          ctx.addIssue({
            code: 'custom',
            message: `key ${index + 1} of the list must be at least 32 characters`,
          });
        }
      }
    }),
    /**
     * Hosts, `host:port`, addresses and CIDRs that probes and webhooks may reach although they are
     * not public (the bundled demo API in `npm start`); targets there count as verified.
     */
    TARGET_ALLOWLIST: commaList.superRefine((entries, ctx) => {
      for (const entry of entries) {
        try {
          parseAllowEntry(entry);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }
    }),
  };
}

/** Refinement of a deployment env: production must set its own APP_SECRET. */
export function requireAppSecretInProduction(
  config: { NODE_ENV?: unknown; APP_SECRET?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (config.NODE_ENV === 'production' && config.APP_SECRET === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['APP_SECRET'],
      message:
        'is required in production (32 or more random characters, the same for api and worker)',
    });
  }
}

type WithDeploymentDefaults<Config> = Omit<Config, 'APP_SECRET' | 'LOG_FORMAT'> & {
  APP_SECRET: string;
  LOG_FORMAT: LogFormat;
  /** The keys that seal (`current`, APP_SECRET) and open (`previous` too) stored secrets. */
  secretKeys: { current: string; previous: string[] };
};

/**
 * The defaults that depend on other variables, applied once the env has parsed: outside
 * production an unset APP_SECRET falls back to the shared development secret (and the key ring
 * is that key then the previous ones, each once), and logs are pretty in development and JSON
 * everywhere else unless LOG_FORMAT says otherwise.
 */
export function withDeploymentDefaults<
  Config extends {
    NODE_ENV: string;
    APP_SECRET?: string | undefined;
    APP_SECRET_PREVIOUS: string[];
    LOG_FORMAT?: LogFormat | undefined;
  },
>(config: Config): WithDeploymentDefaults<Config> {
  const current = config.APP_SECRET ?? DEV_APP_SECRET;
  return {
    ...config,
    APP_SECRET: current,
    secretKeys: {
      current,
      previous: [...new Set(config.APP_SECRET_PREVIOUS)].filter((key) => key !== current),
    },
    LOG_FORMAT: config.LOG_FORMAT ?? (config.NODE_ENV === 'development' ? 'pretty' : 'json'),
  };
}

type DeploymentEnv = z.infer<z.ZodObject<ReturnType<typeof deploymentEnvShape>>>;

/** What both processes read, parsed: the part of each app's config that nest-infra uses. */
export type DeploymentConfig = WithDeploymentDefaults<DeploymentEnv>;

/** Runs a refinement even when some variables failed, so one start-up lists every problem. */
export const reportWithOtherIssues = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null,
};
