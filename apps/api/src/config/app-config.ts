import {
  commaList,
  deploymentEnvShape,
  parseEnv,
  reportWithOtherIssues,
  requireAppSecretInProduction,
  unsetIfEmpty,
  withDeploymentDefaults,
} from '@shakedown/nest-infra';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

const perWindow = (fallback: number) =>
  z.coerce.number().int().min(1).max(1_000_000).default(fallback);

/** Every environment variable the API reads, parsed once at start-up. */
export const AppConfigSchema = z
  .object({
    ...deploymentEnvShape(3000),
    /** The dashboard's origin: the only one CORS allows, and the base of invitation links. */
    WEB_ORIGIN: z.preprocess(
      unsetIfEmpty,
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) origin' })
        .transform((value) => new URL(value).origin)
        .optional(),
    ),
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
    /** Failed sign-ins of an account before each further attempt waits a doubling delay. */
    RATE_LIMIT_ACCOUNT_FAILURES: perWindow(10),
    /** The first of those delays in ms, doubling with each further failure (up to 15 min). */
    RATE_LIMIT_ACCOUNT_DELAY_MS: z.coerce
      .number()
      .int()
      .min(1)
      .max(15 * 60 * 1000)
      .default(1000),
    /** Failed authentications (unknown API key or session) per client address per minute. */
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: perWindow(30),
    /** Sign-ups per client address per hour. */
    RATE_LIMIT_SIGN_UP_PER_HOUR: perWindow(20),
    /** Requests per organisation per minute. */
    RATE_LIMIT_ORG_PER_MINUTE: perWindow(1200),
    /** Requests per API key (or per signed-in user) per minute. */
    RATE_LIMIT_PRINCIPAL_PER_MINUTE: perWindow(600),
    /** Test sends (`POST /webhooks/{id}/test`) per webhook endpoint per hour (abuse model). */
    WEBHOOK_TESTS_PER_ENDPOINT_PER_HOUR: perWindow(10),
    /** Webhook endpoints an organisation may have. */
    WEBHOOK_ENDPOINTS_PER_ORG: perWindow(25),
    /** Organisations one account may create (own). */
    ORGS_PER_ACCOUNT: perWindow(10),
    /** API keys (not revoked) an organisation may have. */
    API_KEYS_PER_ORG: perWindow(50),
  })
  .superRefine((config, ctx) => {
    requireAppSecretInProduction(config, ctx);
    for (const entry of Array.isArray(config.TRUSTED_PROXIES) ? config.TRUSTED_PROXIES : []) {
      if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(entry)) {
        ctx.addIssue({
          code: 'custom',
          path: ['TRUSTED_PROXIES'],
          message: `"${entry}" is not an address, a CIDR, loopback, linklocal or uniquelocal`,
        });
      }
    }
  }, reportWithOtherIssues)
  .transform((config) => ({
    ...withDeploymentDefaults(config),
    COOKIE_SECURE: config.COOKIE_SECURE ?? config.NODE_ENV === 'production',
  }));

export type AppConfig = z.infer<typeof AppConfigSchema>;

export function parseAppConfig(env: Record<string, string | undefined>): AppConfig {
  return parseEnv(AppConfigSchema, env);
}

/** Injection token of the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
