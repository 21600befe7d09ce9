import { z } from 'zod';

import { LoadExecutorSchema } from '../config/config.schema';
import { ExchangeSchema, type Check, type Finding, type LoadReport } from '../report/report.schema';

/** One second of a stage, as recorded (counts, not rates, so shards add up). */
export const RecordedSecondSchema = z.object({
  /** Seconds since the stage start: this point covers [t, t + lengthMs). */
  t: z.number().int().min(0),
  lengthMs: z.number().positive(),
  requests: z.number().int().min(0),
  /** 5xx answers and transport errors. */
  errors: z.number().int().min(0),
  p95: z.number(),
  /** This second's latencies, encoded (only kept when the stage runs as a shard). */
  histogram: z.string().optional(),
});
export type RecordedSecond = z.infer<typeof RecordedSecondSchema>;

/**
 * Everything a stage (or one shard of it) measured, as plain data: what a shard sends back to
 * the parent job, and what `mergeShardResults` adds up. The report is derived from it.
 */
export const LoadShardResultSchema = z.object({
  executor: LoadExecutorSchema,
  route: z.string(),
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }).optional(),
  /** Length of the stage that ran: the planned duration, or less when it stopped early. */
  durationMs: z.number().min(0),
  /** Iterations the open model scheduled (0 for constant-vus). */
  scheduledIterations: z.number().int().min(0),
  /** Requests answered or failed at the transport level. */
  requests: z.number().int().min(0),
  /** Requests without an answer: refused, reset, timed out. */
  transportErrors: z.number().int().min(0),
  /** 5xx answers. */
  serverErrors: z.number().int().min(0),
  statusCounts: z.record(z.string(), z.number().int()),
  /** Open model: iterations due while every VU was busy, or refused by the budget's maxRps. */
  droppedIterations: z.number().int().min(0),
  /** Requests in flight when the stage stopped, cut off and not counted. */
  interruptedIterations: z.number().int().min(0),
  /** Body bytes. */
  bytesSent: z.number().min(0),
  bytesReceived: z.number().min(0),
  /** All recorded latencies (µs), HdrHistogram's compressed base64 encoding. */
  histogram: z.string(),
  series: z.array(RecordedSecondSchema),
  samples: z.object({
    /** The first 5xx answers and transport errors (at most 5). */
    errors: z.array(ExchangeSchema),
    /** The slowest answers (at most 3). */
    slowest: z.array(ExchangeSchema),
  }),
  abortedReason: z.string().optional(),
  /** Facts a reader needs, e.g. that the budget capped the configured rate. */
  notes: z.array(z.string()),
});
export type LoadShardResult = z.infer<typeof LoadShardResultSchema>;

/** What `runLoadStage` (and `mergeShardResults`) hand back. */
export interface LoadStageResult {
  /** The JSON report's `load` section. */
  report: LoadReport;
  /** `load.threshold_failed` and `load.server_errors` on the load route. */
  checks: Check[];
  findings: Finding[];
  droppedIterations: number;
  abortedReason?: string;
  /** All latencies (µs), encoded; decode with `decodeHistogram`. */
  histogram: string;
  /** The raw measurements (what a shard job returns to its parent). */
  raw: LoadShardResult;
}
