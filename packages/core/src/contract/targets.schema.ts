import { z } from 'zod';

import { ConfigSchema, ProbeNameSchema } from '../config/config.schema';
import { BySeveritySchema } from '../report/report.schema';
import { OutcomeSchema } from '../report/verdict';
import { IdSchema, PageQuerySchema, TimestampSchema, pageOf, queryText } from './common.schema';

/**
 * `POST /targets` and `PUT /targets/:id` take the config document of docs/spec/config.md as
 * the JSON body (up to 2 MB), validated by core's `ConfigSchema`: errors are `invalid_config`
 * with each path. The target's name and base URL are the config's `target.name` and `target.baseUrl`.
 */
export const TargetConfigRequestSchema = ConfigSchema;

export const VerificationSchema = z.object({
  status: z.enum(['unverified', 'verified', 'failed']),
  /** How it was proved; `allowlist` when the deployment allowlists the host. */
  method: z.enum(['http', 'dns', 'allowlist']).nullable(),
  /** Serve it at `httpUrl`, or publish `dnsRecord` as a TXT record on the host. */
  token: z.string(),
  httpUrl: z.string(),
  dnsRecord: z.string(),
  verifiedAt: TimestampSchema.nullable(),
  checkedAt: TimestampSchema.nullable(),
  /** Why the last check failed, in words a person can act on. */
  error: z.string().nullable(),
});
export type Verification = z.infer<typeof VerificationSchema>;

export const ScheduleSchema = z.object({
  id: IdSchema,
  targetId: IdSchema,
  cron: z.string(),
  timezone: z.string(),
  probes: z.array(ProbeNameSchema),
  enabled: z.boolean(),
  lastRunAt: TimestampSchema.nullable(),
  /** The next slot, or null when disabled. */
  nextRunAt: TimestampSchema.nullable(),
  /** The next five slots, empty when disabled (the dashboard lists them). */
  nextRunsAt: z.array(TimestampSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** `PUT /targets/:id/schedule`: 5- or 6-field cron in an IANA time zone, at most every 5 minutes. */
export const PutScheduleRequestSchema = z.strictObject({
  cron: z.string().trim().min(1).max(100),
  timezone: z.string().min(1).max(64).default('UTC'),
  probes: z.array(ProbeNameSchema).max(7).optional(),
  enabled: z.boolean().default(true),
});
export type PutScheduleRequest = z.infer<typeof PutScheduleRequestSchema>;

export const TargetSchema = z.object({
  id: IdSchema,
  name: z.string(),
  baseUrl: z.string(),
  /**
   * The config document as it was sent (sizes and durations as written), with every credential
   * masked (`Bearer ****bob`): tenant headers and query values, credential headers of routes.
   * Send a masked value back unchanged to keep the stored one; reveal one with
   * `POST /targets/:id/secrets/reveal`.
   */
  config: z.record(z.string(), z.unknown()),
  verification: VerificationSchema,
  schedule: ScheduleSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Target = z.infer<typeof TargetSchema>;
export const TargetListSchema = pageOf(TargetSchema);
export type TargetList = z.infer<typeof TargetListSchema>;

/** `GET /targets?name=&cursor=&limit=`; `name` matches exactly. */
export const TargetListQuerySchema = PageQuerySchema.extend({
  name: queryText(100).optional(),
});
export type TargetListQuery = z.infer<typeof TargetListQuerySchema>;

/** The largest OpenAPI document a draft takes: pasted, uploaded or downloaded from its URL. */
export const OPENAPI_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * `POST /targets/openapi-draft` (up to 2 MB): an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON
 * or YAML text), or the http(s) URL the API downloads it from (through the SSRF guard), becomes
 * a draft config for the user to review, fill in (the tenants' credentials) and then send to
 * `POST /targets` (docs/import.md). Exactly one of `document` and `url`. Nothing is stored.
 */
export const OpenApiDraftRequestSchema = z
  .strictObject({
    document: z.string().min(1).max(OPENAPI_DOCUMENT_MAX_BYTES).optional(),
    /** Where the document is served, e.g. `https://api.example.com/openapi.json`. */
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .max(2048)
      .optional(),
    /** Overrides the document's first `servers[].url` (by default, relative to `url`). */
    baseUrl: z.string().max(2048).optional(),
    /** Overrides `info.title`. */
    name: z.string().max(100).optional(),
    /** Operations left out by default to draft anyway (`METHOD /path` or operationId). */
    include: z.array(z.string().min(1).max(300)).max(200).optional(),
  })
  .superRefine((request, context) => {
    if ((request.document === undefined) === (request.url === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [request.document === undefined ? 'document' : 'url'],
        message:
          request.document === undefined
            ? 'is required, or give url instead (exactly one of document and url)'
            : 'give either document or url, not both',
      });
    }
  });
export type OpenApiDraftRequest = z.infer<typeof OpenApiDraftRequestSchema>;

export const OpenApiKeptOperationSchema = z.object({
  /** `POST /things`, the path as the document writes it. */
  operation: z.string(),
  operationId: z.string().optional(),
  /** The draft's route it became, or whose resource it belongs to. */
  routeId: z.string(),
  role: z.enum(['route', 'resource.read', 'resource.update', 'resource.delete', 'resource.list']),
  public: z.boolean(),
  notes: z.array(z.string()),
});

export const OpenApiLeftOutOperationSchema = z.object({
  operation: z.string(),
  operationId: z.string().optional(),
  category: z.enum(['unsafe', 'not-created', 'credentials', 'unsupported']),
  reason: z.string(),
  /** Whether naming it in `include` puts it in the draft. */
  canOptIn: z.boolean(),
});

export const OpenApiSecuritySchemeSchema = z.object({
  name: z.string(),
  description: z.string(),
  operations: z.number().int(),
  usedByTenants: z.boolean(),
  /** The `${NAME}`s of tenant A's and tenant B's credential, when the tenants carry it. */
  env: z.tuple([z.string(), z.string()]).optional(),
  unsupported: z.string().optional(),
});

export const OpenApiDraftSchema = z.object({
  /** The draft config (docs/spec/config.md) with `${NAME}` placeholders for what to fill in. */
  config: z.record(z.string(), z.unknown()),
  /** The same draft as commented YAML (`shakedown init` writes exactly this). */
  yaml: z.string(),
  /** What a person should check, e.g. `POST /things: the sample body is not valid …`. */
  warnings: z.array(z.string()),
  kept: z.array(OpenApiKeptOperationSchema),
  leftOut: z.array(OpenApiLeftOutOperationSchema),
  securitySchemes: z.array(OpenApiSecuritySchemeSchema),
  /** The `${NAME}`s the draft reads, in order: the tenants' credentials first. */
  env: z.array(z.string()),
  source: z.object({
    format: z.enum(['openapi-3.0', 'openapi-3.1', 'swagger-2.0']),
    version: z.string(),
    title: z.string(),
    operations: z.number().int(),
  }),
});
export type OpenApiDraft = z.infer<typeof OpenApiDraftSchema>;

/** `POST /targets/:id/secrets/reveal`: the JSON Pointer of one secret of the config. */
export const RevealSecretRequestSchema = z.strictObject({
  /** e.g. `/target/tenants/alice/headers/Authorization`. */
  pointer: z.string().min(1).max(1000),
});
export type RevealSecretRequest = z.infer<typeof RevealSecretRequestSchema>;

export const RevealedSecretSchema = z.object({ pointer: z.string(), value: z.string() });
export type RevealedSecret = z.infer<typeof RevealedSecretSchema>;

/** One completed run in `GET /targets/:id/history` (oldest first, for charts). */
export const TargetHistoryPointSchema = z.object({
  runId: IdSchema,
  createdAt: TimestampSchema,
  finishedAt: TimestampSchema.nullable(),
  bySeverity: BySeveritySchema,
  findings: z.number().int(),
  regressionCount: z.number().int().nullable(),
  /** The load stage's p95 in milliseconds, when the run had one. */
  loadP95Ms: z.number().nullable(),
  /** The run's verdict (docs/spec/config.md); null when its summary is missing. */
  outcome: OutcomeSchema.nullable(),
  /** Checks decided / planned, 0–1; null when its summary is missing. */
  coverage: z.number().nullable(),
});
export type TargetHistoryPoint = z.infer<typeof TargetHistoryPointSchema>;
export const TargetHistorySchema = z.object({ items: z.array(TargetHistoryPointSchema) });
export type TargetHistory = z.infer<typeof TargetHistorySchema>;
export const TargetHistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
