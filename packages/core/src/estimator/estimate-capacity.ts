import { z } from 'zod';

import { formatBytes } from '../config/units';

import {
  BYTES_PER_PAYLOAD_UNIT,
  EstimatorInputSchema,
  GB,
  PAYLOAD_UNITS,
  SECONDS_PER_RATE_UNIT,
  type EstimatorInput,
  type PayloadUnit,
} from './estimator-input.schema';

export const WARNING_LEVELS = ['Low', 'Medium', 'High'] as const;
export const WarningLevelSchema = z.enum(WARNING_LEVELS);
export type WarningLevel = z.infer<typeof WarningLevelSchema>;

/** Storage is billed per GB-month; one day of storage is billed as 1/30 of a month. */
const DAYS_PER_MONTH = 30;

export const EstimateDaySchema = z.object({
  /** 0 is the start; `durationDays` is the end of the period. */
  day: z.number().int(),
  rawBytes: z.number(),
  storedBytes: z.number(),
});
export type EstimateDay = z.infer<typeof EstimateDaySchema>;

export const CapacityEstimateSchema = z.object({
  input: z.object({
    rate: z.number(),
    rateUnit: z.string(),
    payloadSize: z.number(),
    payloadUnit: z.string(),
    durationDays: z.number(),
    acceptedPercent: z.number(),
    storageOverhead: z.number(),
    pricePerGbMonth: z.number(),
  }),
  requestsPerDay: z.number(),
  payloadBytes: z.number(),
  /** Rate × duration × average size, all requests. */
  rawBytes: z.number(),
  /** Raw × accepted share × overhead. */
  storedBytes: z.number(),
  warning: WarningLevelSchema,
  /** What storing the final stored volume costs per month, at the end of the period. */
  monthlyCost: z.number(),
  /** What storing the growing volume cost over the whole period, billed day by day. */
  cumulativeCost: z.number(),
  series: z.array(EstimateDaySchema),
  /** The figures as the product shows them: sizes in powers of 1024, two decimals. */
  display: z.object({
    raw: z.string(),
    stored: z.string(),
    monthlyCost: z.string(),
    cumulativeCost: z.string(),
  }),
});
export type CapacityEstimate = z.infer<typeof CapacityEstimateSchema>;

export interface EstimatorIssue {
  /** The input field at fault, e.g. `rate`; empty for the input as a whole. */
  field: string;
  message: string;
}

export type EstimateCapacityResult =
  { ok: true; estimate: CapacityEstimate } | { ok: false; issues: EstimatorIssue[] };

/**
 * The defensive capacity estimate of docs/spec/estimator.md: what oversized junk arriving on
 * a route that accepts it costs in storage. Never throws and never yields NaN or Infinity:
 * invalid input comes back as issues.
 */
export function estimateCapacity(input: unknown): EstimateCapacityResult {
  const parsed = EstimatorInputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.'),
        message:
          issue.code === 'unrecognized_keys'
            ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
            : issue.message,
      })),
    };
  }
  return { ok: true, estimate: computeEstimate(parsed.data) };
}

function computeEstimate(input: EstimatorInput): CapacityEstimate {
  const requestsPerDay = (input.rate / SECONDS_PER_RATE_UNIT[input.rateUnit]) * 86_400;
  const payloadBytes = input.payloadSize * BYTES_PER_PAYLOAD_UNIT[input.payloadUnit];
  const rawPerDay = requestsPerDay * payloadBytes;
  const storedPerDay = rawPerDay * (input.acceptedPercent / 100) * input.storageOverhead;

  const series: EstimateDay[] = [];
  let storedGbDays = 0;
  for (let day = 0; day <= input.durationDays; day += 1) {
    const storedBytes = storedPerDay * day;
    series.push({ day, rawBytes: rawPerDay * day, storedBytes });
    if (day > 0) storedGbDays += storedBytes / GB;
  }

  const rawBytes = rawPerDay * input.durationDays;
  const storedBytes = storedPerDay * input.durationDays;
  const monthlyCost = (storedBytes / GB) * input.pricePerGbMonth;
  const cumulativeCost = (storedGbDays / DAYS_PER_MONTH) * input.pricePerGbMonth;

  return {
    input,
    requestsPerDay,
    payloadBytes,
    rawBytes,
    storedBytes,
    warning: warningLevel(storedBytes),
    monthlyCost,
    cumulativeCost,
    series,
    display: {
      raw: formatBytes(rawBytes),
      stored: formatBytes(storedBytes),
      monthlyCost: formatMoney(monthlyCost),
      cumulativeCost: formatMoney(cumulativeCost),
    },
  };
}

/** `Low` under 1 GB of stored growth, `Medium` under 10 GB, `High` from 10 GB. */
export function warningLevel(storedBytes: number): WarningLevel {
  if (storedBytes < GB) return 'Low';
  if (storedBytes < 10 * GB) return 'Medium';
  return 'High';
}

/** 1234.5 → `1,234.50`. The currency is whatever the price was given in. */
function formatMoney(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * A byte count as the widget's size input: the largest unit that keeps the value at least 1,
 * to two decimals (10485760 → 10 MB). Used to pre-fill the payload size from a finding.
 */
export function payloadSizeFromBytes(bytes: number): {
  payloadSize: number;
  payloadUnit: PayloadUnit;
} {
  const safe = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  for (const unit of [...PAYLOAD_UNITS].reverse()) {
    const value = safe / BYTES_PER_PAYLOAD_UNIT[unit];
    if (value >= 1 || unit === 'B') {
      return { payloadSize: Math.round(value * 100) / 100, payloadUnit: unit };
    }
  }
  return { payloadSize: 0, payloadUnit: 'B' };
}
