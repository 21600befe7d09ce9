import { z } from 'zod';

import { parseDuration, parseSize } from './units';

/** The probes of the catalogue, in the order the engine runs them (safest first). */
export const PROBE_NAMES = [
  'idempotency',
  'schema',
  'tenant',
  'errors',
  'payload',
  'ratelimit',
  'load',
] as const;
export const ProbeNameSchema = z.enum(PROBE_NAMES);
export type ProbeName = z.infer<typeof ProbeNameSchema>;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const HttpMethodSchema = z.enum(HTTP_METHODS, {
  error: `must be one of ${HTTP_METHODS.join(', ')}`,
});
export type HttpMethod = z.infer<typeof HttpMethodSchema>;

/** A size such as `16KB` (B, KB, MB, GB; powers of 1024) or a number of bytes. */
export const SizeSchema = z
  .union([z.number(), z.string()], { error: 'must be a size such as 512B, 16KB, 1MB or 2GB' })
  .transform((value, ctx) => {
    const bytes = typeof value === 'number' ? value : parseSize(value);
    if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a size such as 512B, 16KB, 1MB or 2GB' });
      return z.NEVER;
    }
    return Math.round(bytes);
  });

/** A duration such as `500ms`, `30s`, `5m`, `1h`, `1m30s`, or a number of milliseconds. */
export const DurationSchema = z
  .union([z.number(), z.string()], { error: 'must be a duration such as 500ms, 30s, 5m or 1h' })
  .transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : parseDuration(value);
    if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as 500ms, 30s, 5m or 1h' });
      return z.NEVER;
    }
    return Math.round(ms);
  });

/** RFC 6901 JSON Pointer: empty (the whole document) or `/`-separated tokens. */
export const JsonPointerSchema = z
  .string()
  .refine((value) => value === '' || value.startsWith('/'), { message: 'must be a JSON Pointer' });

const HeaderNameSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');

export const HeadersSchema = z.record(HeaderNameSchema, z.string());
export type Headers = z.infer<typeof HeadersSchema>;

// Regular expressions rather than refinements: they reach the OpenAPI document as `pattern`,
// so a client (the OpenAPI import among them) can make paths the API accepts.
const PathSchema = z.string().min(1).regex(/^\//, 'must start with /');

const ResourcePathSchema = PathSchema.regex(
  /\{id\}/,
  'must contain {id}, where the created id goes',
);

export const TenantSchema = z.strictObject({
  headers: HeadersSchema.default({}),
  /** Query parameters added to every request of the tenant (API keys sent as `?api_key=`). */
  query: z.record(z.string().min(1), z.string()).optional(),
});
export type Tenant = z.infer<typeof TenantSchema>;

export const BudgetSchema = z.strictObject({
  maxRps: z.number().positive().max(100_000).default(200),
  maxRequests: z.number().int().positive().default(20_000),
  maxBytes: SizeSchema.default(200 * 1024 ** 2),
  maxDuration: DurationSchema.default(5 * 60_000),
});
export type Budget = z.infer<typeof BudgetSchema>;

/** The cheap request that tells whether the target is still healthy (availability check). */
export const HealthcheckSchema = z.strictObject({
  /** A GET below the base URL; default: the first GET route that is not rate limited. */
  path: PathSchema.optional(),
  /** How long to wait for a broken target to recover before the run reports it (at most 30 s). */
  recoveryWait: DurationSchema.refine((ms) => ms <= 30_000, {
    message: 'must be 30s or less',
  }).default(30_000),
});
export type Healthcheck = z.infer<typeof HealthcheckSchema>;

export const TargetSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/,
      'must be letters, digits, spaces, dots, dashes or underscores',
    ),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine((value) => !/[?#]/.test(value), { message: 'must not carry a query or fragment' }),
  tenants: z.record(z.string().min(1), TenantSchema).optional(),
  budget: BudgetSchema.prefault({}),
  healthcheck: HealthcheckSchema.prefault({}),
});
export type Target = z.infer<typeof TargetSchema>;

const ResourceActionSchema = z.strictObject({
  method: HttpMethodSchema,
  path: ResourcePathSchema,
});

export const ResourceSchema = z.strictObject({
  idPath: JsonPointerSchema,
  read: ResourceActionSchema.optional(),
  update: z
    .strictObject({
      method: HttpMethodSchema,
      path: ResourcePathSchema,
      body: z.unknown().optional(),
    })
    .optional(),
  delete: ResourceActionSchema.optional(),
  list: z
    .strictObject({
      method: HttpMethodSchema.default('GET'),
      path: PathSchema,
      /** JSON Pointer to the array of items; default: the body itself. */
      itemsPath: JsonPointerSchema.default(''),
    })
    .optional(),
});
export type Resource = z.infer<typeof ResourceSchema>;

export const RouteSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, dots, dashes or underscores'),
  method: HttpMethodSchema,
  path: PathSchema,
  headers: HeadersSchema.optional(),
  body: z.unknown().optional(),
  /** The JSON Schema of the body (from OpenAPI, or written here): schema.constraint_violation_persisted. */
  bodySchema: z.record(z.string(), z.unknown()).optional(),
  maxBodyBytes: SizeSchema.default(1024 ** 2),
  idempotency: z.strictObject({ header: HeaderNameSchema.default('Idempotency-Key') }).optional(),
  resource: ResourceSchema.optional(),
  /** The route needs no credentials (OpenAPI `security: []`): `auth.missing` does not apply. */
  public: z.boolean().optional(),
  rateLimit: z
    .strictObject({
      expected: z.boolean(),
      burst: z.number().int().positive().max(100_000).default(200),
    })
    .optional(),
});
export type Route = z.infer<typeof RouteSchema>;

export const LOAD_EXECUTORS = [
  'constant-arrival-rate',
  'ramping-arrival-rate',
  'constant-vus',
] as const;
export const LoadExecutorSchema = z.enum(LOAD_EXECUTORS, {
  error: `must be one of ${LOAD_EXECUTORS.join(', ')}`,
});
export type LoadExecutor = z.infer<typeof LoadExecutorSchema>;

/** `p(95)<300`, `avg<=200`, `med<50`, `min>0`, `max<1000`, `rate<0.01` (k6's syntax). */
export const THRESHOLD_EXPRESSION =
  /^\s*(p\((\d+(?:\.\d+)?)\)|avg|med|min|max|rate)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

export const THRESHOLD_METRICS = {
  http_req_duration: ['p', 'avg', 'med', 'min', 'max'],
  http_req_failed: ['rate'],
} as const;
export type ThresholdMetric = keyof typeof THRESHOLD_METRICS;

const ThresholdExpressionSchema = z.string().regex(THRESHOLD_EXPRESSION, {
  message: 'must be a k6 threshold such as p(95)<300, avg<200 or rate<0.01',
});

/** A threshold as k6 writes it: a string, or an object with `abortOnFail`. */
export const ThresholdSchema = z.union([
  ThresholdExpressionSchema.transform((threshold) => ({
    threshold,
    abortOnFail: false,
    delayAbortEvalMs: 0,
  })),
  z
    .strictObject({
      threshold: ThresholdExpressionSchema,
      abortOnFail: z.boolean().default(false),
      delayAbortEval: DurationSchema.optional(),
    })
    .transform(({ threshold, abortOnFail, delayAbortEval }) => ({
      threshold,
      abortOnFail,
      delayAbortEvalMs: delayAbortEval ?? 0,
    })),
]);
export type Threshold = z.infer<typeof ThresholdSchema>;

export const StageSchema = z.strictObject({
  duration: DurationSchema,
  target: z.number().min(0).max(100_000),
});
export type Stage = z.infer<typeof StageSchema>;

/** Run a refinement even when fields inside failed, so one pass reports every problem. */
const reportEvenWithOtherIssues = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null,
};

export const LoadSchema = z
  .strictObject({
    route: z.string().min(1),
    executor: LoadExecutorSchema,
    /** Iterations per second (arrival-rate executors). */
    rate: z.number().positive().max(100_000).optional(),
    /** Rate at the start of the first stage (ramping-arrival-rate). */
    startRate: z.number().min(0).max(100_000).default(0),
    /** Concurrent virtual users (constant-vus). */
    vus: z.number().int().positive().max(10_000).optional(),
    /** Most concurrent requests an arrival-rate executor may have in flight. */
    maxVUs: z.number().int().positive().max(10_000).optional(),
    stages: z.array(StageSchema).min(1).optional(),
    duration: DurationSchema.optional(),
    /** How long one request may take before it counts as a transport error (default 10s). */
    timeout: DurationSchema.optional(),
    /** Split the stage over this many workers (hosted service). */
    shards: z.number().int().min(1).max(32).default(1),
    thresholds: z
      .strictObject({
        http_req_duration: z.array(ThresholdSchema).optional(),
        http_req_failed: z.array(ThresholdSchema).optional(),
      })
      .default({}),
  })
  .superRefine((load, ctx) => {
    const need = (key: 'rate' | 'vus' | 'stages' | 'duration') => {
      if (load[key] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is required for the ${load.executor} executor`,
        });
      }
    };
    switch (load.executor) {
      case 'constant-arrival-rate':
        need('rate');
        need('duration');
        break;
      case 'ramping-arrival-rate':
        need('stages');
        break;
      case 'constant-vus':
        need('vus');
        need('duration');
        break;
    }
    for (const [metric, list] of Object.entries(load.thresholds ?? {})) {
      const allowed: readonly string[] = THRESHOLD_METRICS[metric as ThresholdMetric];
      (list ?? []).forEach((threshold, index) => {
        // A threshold that failed its own syntax check has been reported already.
        if (typeof threshold?.threshold !== 'string') return;
        const aggregate = THRESHOLD_EXPRESSION.exec(threshold.threshold)?.[1];
        if (aggregate === undefined) return;
        const kind = aggregate.startsWith('p(') ? 'p' : aggregate;
        if (!allowed.includes(kind)) {
          ctx.addIssue({
            code: 'custom',
            path: ['thresholds', metric, index],
            message: `${metric} takes ${allowed.map((a) => (a === 'p' ? 'p(N)' : a)).join(', ')}, not ${aggregate}`,
          });
        }
      });
    }
  }, reportEvenWithOtherIssues);
export type Load = z.infer<typeof LoadSchema>;

export const ProbesSchema = z.strictObject({
  include: z.array(ProbeNameSchema).min(1).optional(),
  load: LoadSchema.optional(),
  /** Share of planned checks that must be decided for a run without findings to be clean. */
  cleanCoverage: z
    .number({ error: 'must be a number between 0 and 1' })
    .min(0, { message: 'must be between 0 and 1' })
    .max(1, { message: 'must be between 0 and 1' })
    .optional(),
});
export type Probes = z.infer<typeof ProbesSchema>;

export const ConfigSchema = z
  .strictObject({
    version: z.literal(1, { error: 'must be 1' }),
    target: TargetSchema,
    routes: z.array(RouteSchema).min(1, { message: 'must list at least one route' }),
    probes: ProbesSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    const routes: unknown[] = Array.isArray(config.routes) ? config.routes : [];
    routes.forEach((candidate, index) => {
      const route = candidate as Partial<Route> | null;
      if (typeof route?.id !== 'string') return;
      const first = seen.get(route.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', index, 'id'],
          message: `"${route.id}" is already the id of routes[${first}]`,
        });
      } else {
        seen.set(route.id, index);
      }
    });
    if (!Array.isArray(config.routes)) return;
    const load = config.probes?.load as Partial<Load> | undefined;
    if (typeof load?.route === 'string' && !seen.has(load.route)) {
      ctx.addIssue({
        code: 'custom',
        path: ['probes', 'load', 'route'],
        message: `names no route; known routes: ${[...seen.keys()].join(', ')}`,
      });
    }
    if (config.probes?.include?.includes('load') && !load) {
      ctx.addIssue({
        code: 'custom',
        path: ['probes', 'include'],
        message: 'includes load, but probes.load is not configured',
      });
    }
  }, reportEvenWithOtherIssues);

/** The config with defaults filled in, sizes in bytes and durations in milliseconds. */
export type Config = z.infer<typeof ConfigSchema>;
/** The config as written in `shakedown.yml` (or sent to `POST /targets`). */
export type ConfigInput = z.input<typeof ConfigSchema>;
