import { z } from 'zod';

import { ProbeNameSchema } from '../config/config.schema';
import { SeveritySchema } from '../findings/catalogue';
import { findingFields, SummarySchema } from '../report/report.schema';
import { IdSchema, PageQuerySchema, TimestampSchema, pageOf, queryText } from './common.schema';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export const RUN_TRIGGERS = ['manual', 'schedule', 'ci', 'api'] as const;
export const RunTriggerSchema = z.enum(RUN_TRIGGERS);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;

/** `POST /targets/:id/runs` (with `Idempotency-Key`): answers `202` with the queued run. */
export const CreateRunRequestSchema = z.strictObject({
  /** A subset of probes; default: every probe the config allows. */
  probes: z
    .array(ProbeNameSchema)
    .min(1)
    .max(7)
    .refine((probes) => new Set(probes).size === probes.length, { message: 'lists a probe twice' })
    .optional(),
  /** Default: `api` with an API key, `manual` with a session. */
  trigger: z.enum(['manual', 'ci', 'api']).optional(),
});
export type CreateRunRequest = z.infer<typeof CreateRunRequestSchema>;

export const RunSchema = z.object({
  id: IdSchema,
  targetId: IdSchema,
  status: RunStatusSchema,
  trigger: RunTriggerSchema,
  probes: z.array(ProbeNameSchema),
  progressDone: z.number().int(),
  progressTotal: z.number().int(),
  currentProbe: z.string().nullable(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  cancelRequestedAt: TimestampSchema.nullable(),
  failureReason: z.string().nullable(),
  /** The report's summary, once the run finished. */
  summary: SummarySchema.nullable(),
  /** Findings new since the previous completed run of the target. */
  regressionCount: z.number().int().nullable(),
  triggeredByUserId: IdSchema.nullable(),
  triggeredByApiKeyId: IdSchema.nullable(),
  scheduleId: IdSchema.nullable(),
});
export type Run = z.infer<typeof RunSchema>;
export const RunListSchema = pageOf(RunSchema);
export type RunList = z.infer<typeof RunListSchema>;

/** `GET /runs`: newest first. */
export const RunListQuerySchema = PageQuerySchema.extend({
  targetId: IdSchema.optional(),
  status: RunStatusSchema.optional(),
  trigger: RunTriggerSchema.optional(),
});
export type RunListQuery = z.infer<typeof RunListQuerySchema>;

export const FindingItemSchema = z.object({
  id: IdSchema,
  runId: IdSchema,
  targetId: IdSchema,
  ...findingFields,
  /** True when the previous completed run of the target did not have this route + code. */
  isNew: z.boolean(),
  createdAt: TimestampSchema,
});
export type FindingItem = z.infer<typeof FindingItemSchema>;
export const FindingListSchema = pageOf(FindingItemSchema);
export type FindingList = z.infer<typeof FindingListSchema>;

/** `GET /runs/:id/findings`: worst severity first. */
export const FindingListQuerySchema = PageQuerySchema.extend({
  severity: SeveritySchema.optional(),
  code: queryText(100).optional(),
  /** `new`: not in the previous completed run; `persisting`: also there. */
  status: z.enum(['new', 'persisting']).optional(),
  route: queryText(100).optional(),
});
export type FindingListQuery = z.infer<typeof FindingListQuerySchema>;

/** A finding without its evidence, as the comparison lists it. */
export const FindingBriefSchema = z.object({
  id: IdSchema,
  code: z.string(),
  route: z.string(),
  severity: SeveritySchema,
  title: z.string(),
});
export type FindingBrief = z.infer<typeof FindingBriefSchema>;

/**
 * `GET /runs/:id/comparison`: each check against its latest decision in the target's earlier
 * completed runs, like with like (docs/api.md).
 */
export const RunComparisonSchema = z.object({
  runId: IdSchema,
  /** Null when the target had no earlier completed run. */
  previousRunId: IdSchema.nullable(),
  /** Findings whose check passed at its latest earlier decision: regressions. */
  new: z.array(FindingBriefSchema),
  /** Earlier findings whose check this run executed and passed (ids are the earlier run's). */
  resolved: z.array(FindingBriefSchema),
  /** Findings whose check also failed at its latest earlier decision. */
  persisting: z.array(FindingBriefSchema),
  /** Findings of checks never decided before (a first run, a new route or probe). */
  firstSeen: z.array(FindingBriefSchema),
  /** Earlier findings whose check this run did not decide (not run, skipped, error). */
  notRetested: z.array(FindingBriefSchema),
});
export type RunComparison = z.infer<typeof RunComparisonSchema>;

/** `GET /findings/overview`: open findings = those of each target's latest completed run. */
export const FindingsOverviewSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      severity: SeveritySchema,
      count: z.number().int(),
      targets: z.number().int(),
    }),
  ),
  targetsConsidered: z.number().int(),
});
export type FindingsOverview = z.infer<typeof FindingsOverviewSchema>;

export const REPORT_FORMATS = ['json', 'junit', 'sarif'] as const;
/** `GET /runs/:id/report?format=json|junit|sarif` (a download; JSON is core's `Report`). */
export const ReportQuerySchema = z.strictObject({
  format: z.enum(REPORT_FORMATS).default('json'),
});
export type ReportQuery = z.infer<typeof ReportQuerySchema>;
