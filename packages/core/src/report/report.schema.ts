import { z } from 'zod';

import { ProbeNameSchema } from '../config/config.schema';
import { SeveritySchema } from '../findings/catalogue';
import { decideVerdict, VerdictSchema } from './verdict';

/** The JSON report of docs/spec/config.md: the CLI's `--format json` and the API's run document. */

export const CHECK_STATUSES = ['passed', 'failed', 'skipped', 'error'] as const;
export const CheckStatusSchema = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const CheckSchema = z.object({
  code: z.string(),
  route: z.string(),
  status: CheckStatusSchema,
  /** Why a check was skipped or could not complete. */
  reason: z.string().optional(),
  /**
   * Skipped because the config gives the check nothing to work on (no sample body, no
   * resource, a GET route): decided before any request, left out of the verdict's coverage.
   */
  notApplicable: z.literal(true).optional(),
});
export type Check = z.infer<typeof CheckSchema>;

/** What a request and an answer both carry: their headers and a preview of their body. */
const exchangeMessageFields = {
  /** Secrets from the config's headers are masked. */
  headers: z.record(z.string(), z.string()),
  /** At most 2 KB of the body. */
  bodyPreview: z.string().optional(),
  /** The body's full size in bytes, when it was larger than the preview. */
  bodyBytes: z.number().optional(),
};

export const ExchangeRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  ...exchangeMessageFields,
});
export type ExchangeRequest = z.infer<typeof ExchangeRequestSchema>;

export const ExchangeResponseSchema = z.object({
  status: z.number(),
  ...exchangeMessageFields,
  /** Time from sending the request to the end of the answer. */
  ms: z.number(),
});
export type ExchangeResponse = z.infer<typeof ExchangeResponseSchema>;

export const ExchangeSchema = z.object({
  request: ExchangeRequestSchema,
  /** Absent when no answer came: see `error`. */
  response: ExchangeResponseSchema.optional(),
  /** Transport outcome when there was no answer, e.g. `connection reset before any answer`. */
  error: z.string().optional(),
  /** What this exchange shows, e.g. `retry 2 of 3` or `tenant bob reads alice's order`. */
  note: z.string().optional(),
});
export type Exchange = z.infer<typeof ExchangeSchema>;

export const EvidenceSchema = z
  .object({
    exchanges: z.array(ExchangeSchema),
  })
  .catchall(z.unknown());
export type Evidence = z.infer<typeof EvidenceSchema>;

/** What a finding says, in the report and in the API's finding list (`FindingItemSchema`). */
export const findingFields = {
  code: z.string(),
  probe: ProbeNameSchema,
  route: z.string(),
  severity: SeveritySchema,
  title: z.string(),
  detail: z.string(),
  evidence: EvidenceSchema,
};

export const FindingSchema = z.object({
  ...findingFields,
  // Additions to docs/spec/config.md (optional, see docs/cli.md#baselines):
  /** Stable across runs: a hash of target, route and code (see `findingFingerprint`). */
  fingerprint: z.string().optional(),
  /** With `--baseline`: `new` (not in the baseline) or `unchanged` (in it already). */
  baselineState: z.enum(['new', 'unchanged']).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** A baseline finding the run no longer found. */
export const FixedFindingSchema = z.object({
  fingerprint: z.string(),
  code: z.string(),
  route: z.string(),
  severity: SeveritySchema,
  title: z.string(),
});
export type FixedFinding = z.infer<typeof FixedFindingSchema>;

/** How the run compares with the report it was given as `--baseline`. */
export const BaselineSummarySchema = z.object({
  /** Where the baseline came from: a file name, or `run <id>` of the hosted service. */
  source: z.string(),
  new: z.number().int(),
  unchanged: z.number().int(),
  fixed: z.number().int(),
  fixedFindings: z.array(FixedFindingSchema),
});
export type BaselineSummary = z.infer<typeof BaselineSummarySchema>;

export const BySeveritySchema = z.object({
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  info: z.number().int(),
});
export type BySeverity = z.infer<typeof BySeveritySchema>;

export const SummarySchema = z.object({
  checks: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  error: z.number().int(),
  bySeverity: BySeveritySchema,
  /** Coverage and outcome (docs/spec/report.md); absent in summaries stored before verdicts. */
  verdict: VerdictSchema.optional(),
});
export type Summary = z.infer<typeof SummarySchema>;

export const LatencySchema = z.object({
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
});
export type Latency = z.infer<typeof LatencySchema>;

export const SeriesPointSchema = z.object({
  /** Seconds since the start of the stage. */
  t: z.number(),
  rps: z.number(),
  p95: z.number(),
  errors: z.number(),
});
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

export const ThresholdResultSchema = z.object({
  metric: z.string(),
  expr: z.string(),
  ok: z.boolean(),
  value: z.number(),
});
export type ThresholdResult = z.infer<typeof ThresholdResultSchema>;

export const LoadReportSchema = z.object({
  executor: z.string(),
  requests: z.number().int(),
  rps: z.number(),
  latencyMs: LatencySchema,
  failedRate: z.number(),
  statusCounts: z.record(z.string(), z.number()),
  series: z.array(SeriesPointSchema),
  thresholds: z.array(ThresholdResultSchema),
  // Additions to docs/spec/config.md (optional, see docs/load.md):
  /** Open model: iterations due while every VU was busy, or refused by the budget's maxRps. */
  droppedIterations: z.number().int().optional(),
  /** Why the stage stopped before its planned end (budget, safety, abortOnFail, cancelled). */
  abortedReason: z.string().optional(),
  /** Requests that got no answer (refused, reset, timed out); counted in `failedRate`. */
  transportErrors: z.number().int().optional(),
  /** Body bytes sent and received. */
  bytes: z.object({ sent: z.number(), received: z.number() }).optional(),
  /** Facts a reader needs, e.g. that the run's budget capped the configured rate. */
  notes: z.array(z.string()).optional(),
});
export type LoadReport = z.infer<typeof LoadReportSchema>;

export const ReportSchema = z.object({
  version: z.literal(1),
  target: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  summary: SummarySchema,
  checks: z.array(CheckSchema),
  findings: z.array(FindingSchema),
  load: LoadReportSchema.optional(),
  /** Present when the run was compared with a baseline (an addition to the spec). */
  baseline: BaselineSummarySchema.optional(),
});
export type Report = z.infer<typeof ReportSchema>;

export function emptyBySeverity(): BySeverity {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/** The summary block, computed from the checks and findings (never kept by hand). */
export function summarise(
  checks: readonly Check[],
  findings: readonly Finding[],
  /** The coverage a clean run needs (`probes.cleanCoverage`); 0.7 by default. */
  cleanAt?: number,
): Summary {
  const summary: Summary = {
    checks: checks.length,
    passed: 0,
    failed: 0,
    skipped: 0,
    error: 0,
    bySeverity: emptyBySeverity(),
  };
  for (const check of checks) summary[check.status] += 1;
  for (const finding of findings) summary.bySeverity[finding.severity] += 1;
  summary.verdict = decideVerdict(checks, findings.length, cleanAt);
  return summary;
}
