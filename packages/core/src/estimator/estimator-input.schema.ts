import { z } from 'zod';

/** Sizes are powers of 1024 everywhere in the product (1 GB = 1024^3 bytes). */
export const GB = 1024 ** 3;

export const RATE_UNITS = ['second', 'minute', 'hour', 'day'] as const;
export const RateUnitSchema = z.enum(RATE_UNITS, {
  error: `Rate unit must be one of ${RATE_UNITS.join(', ')}`,
});
export type RateUnit = z.infer<typeof RateUnitSchema>;
export const SECONDS_PER_RATE_UNIT: Readonly<Record<RateUnit, number>> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
};

export const PAYLOAD_UNITS = ['B', 'KB', 'MB'] as const;
export const PayloadUnitSchema = z.enum(PAYLOAD_UNITS, {
  error: `Payload unit must be one of ${PAYLOAD_UNITS.join(', ')}`,
});
export type PayloadUnit = z.infer<typeof PayloadUnitSchema>;
export const BYTES_PER_PAYLOAD_UNIT: Readonly<Record<PayloadUnit, number>> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
};

/** The defaults of docs/spec/estimator.md. */
export const ESTIMATOR_DEFAULTS = {
  rate: 10,
  rateUnit: 'minute',
  payloadSize: 1,
  payloadUnit: 'MB',
  durationDays: 30,
  acceptedPercent: 100,
  storageOverhead: 1.35,
  pricePerGbMonth: 0.115,
} as const satisfies Record<string, number | string>;

/**
 * Past these the numbers stop meaning anything for planning, so the input is refused with a
 * message rather than answered with astronomic (or non-finite) figures.
 */
const ESTIMATOR_LIMITS = {
  maxRequestsPerSecond: 1_000_000,
  maxPayloadBytes: GB,
  /** Ten years, which also bounds the day-by-day series. */
  maxDurationDays: 3650,
  maxStorageOverhead: 10,
  maxPricePerGbMonth: 1000,
} as const;

function numberField(label: string) {
  return z.number({
    error: (issue) =>
      issue.input === undefined ? `${label} is required` : `${label} must be a number`,
  });
}

/**
 * The estimator's input, as the widget and `POST /estimator` send it. Omitted fields take the
 * spec's defaults; anything negative, non-numeric or absurd is refused with a message naming it.
 */
export const EstimatorInputSchema = z
  .strictObject({
    /** Requests arriving on the route, per `rateUnit`. */
    rate: numberField('Request rate')
      .min(0, { error: 'Request rate cannot be negative' })
      .default(ESTIMATOR_DEFAULTS.rate),
    rateUnit: RateUnitSchema.default(ESTIMATOR_DEFAULTS.rateUnit),
    /** Average payload size, in `payloadUnit`. */
    payloadSize: numberField('Payload size')
      .min(0, { error: 'Payload size cannot be negative' })
      .default(ESTIMATOR_DEFAULTS.payloadSize),
    payloadUnit: PayloadUnitSchema.default(ESTIMATOR_DEFAULTS.payloadUnit),
    durationDays: numberField('Duration')
      .int({ error: 'Duration must be a whole number of days' })
      .min(1, { error: 'Duration must be at least 1 day' })
      .max(ESTIMATOR_LIMITS.maxDurationDays, {
        error: `Duration cannot exceed ${ESTIMATOR_LIMITS.maxDurationDays} days (ten years)`,
      })
      .default(ESTIMATOR_DEFAULTS.durationDays),
    /** Share of the requests the route accepts (and stores), 0–100. */
    acceptedPercent: numberField('Accepted share')
      .min(0, { error: 'Accepted share must be between 0 and 100 %' })
      .max(100, { error: 'Accepted share must be between 0 and 100 %' })
      .default(ESTIMATOR_DEFAULTS.acceptedPercent),
    /** Indexes, row metadata, logs and backups, as a multiplier of the accepted data. */
    storageOverhead: numberField('Storage overhead')
      .min(1, { error: 'Storage overhead is a multiplier of at least 1 (1 = no overhead)' })
      .max(ESTIMATOR_LIMITS.maxStorageOverhead, {
        error: `Storage overhead cannot exceed ${ESTIMATOR_LIMITS.maxStorageOverhead}×`,
      })
      .default(ESTIMATOR_DEFAULTS.storageOverhead),
    pricePerGbMonth: numberField('Storage price')
      .min(0, { error: 'Storage price cannot be negative' })
      .max(ESTIMATOR_LIMITS.maxPricePerGbMonth, {
        error: `Storage price cannot exceed ${ESTIMATOR_LIMITS.maxPricePerGbMonth} per GB-month`,
      })
      .default(ESTIMATOR_DEFAULTS.pricePerGbMonth),
  })
  .superRefine((input, ctx) => {
    const perSecond = input.rate / SECONDS_PER_RATE_UNIT[input.rateUnit];
    if (perSecond > ESTIMATOR_LIMITS.maxRequestsPerSecond) {
      ctx.addIssue({
        code: 'custom',
        path: ['rate'],
        message: 'Request rate cannot exceed 1,000,000 requests per second',
      });
    }
    if (
      input.payloadSize * BYTES_PER_PAYLOAD_UNIT[input.payloadUnit] >
      ESTIMATOR_LIMITS.maxPayloadBytes
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['payloadSize'],
        message: 'Payload size cannot exceed 1 GB',
      });
    }
  });
/** The input with every default applied. */
export type EstimatorInput = z.infer<typeof EstimatorInputSchema>;
/** What a caller may send: every field optional. */
export type EstimatorInputBody = z.input<typeof EstimatorInputSchema>;
