import {
  ESTIMATOR_DEFAULTS,
  estimateCapacity,
  type CapacityEstimate,
  type PayloadUnit,
  type RateUnit,
} from '@shakedown/core/estimator';

/** The widget's inputs as typed: text, so a half-typed number is never silently replaced. */
export interface EstimatorFormValues {
  rate: string;
  rateUnit: RateUnit;
  payloadSize: string;
  payloadUnit: PayloadUnit;
  durationDays: string;
  acceptedPercent: string;
  storageOverhead: string;
  pricePerGbMonth: string;
}

export type EstimatorNumberField = Exclude<keyof EstimatorFormValues, 'rateUnit' | 'payloadUnit'>;

export const DEFAULT_ESTIMATOR_FORM: EstimatorFormValues = {
  rate: String(ESTIMATOR_DEFAULTS.rate),
  rateUnit: ESTIMATOR_DEFAULTS.rateUnit,
  payloadSize: String(ESTIMATOR_DEFAULTS.payloadSize),
  payloadUnit: ESTIMATOR_DEFAULTS.payloadUnit,
  durationDays: String(ESTIMATOR_DEFAULTS.durationDays),
  acceptedPercent: String(ESTIMATOR_DEFAULTS.acceptedPercent),
  storageOverhead: String(ESTIMATOR_DEFAULTS.storageOverhead),
  pricePerGbMonth: String(ESTIMATOR_DEFAULTS.pricePerGbMonth),
};

const NUMBER_FIELDS: Record<EstimatorNumberField, string> = {
  rate: 'Request rate',
  payloadSize: 'Payload size',
  durationDays: 'Duration',
  acceptedPercent: 'Accepted share',
  storageOverhead: 'Storage overhead',
  pricePerGbMonth: 'Storage price',
};

export type EstimatorFormResult =
  | { ok: true; estimate: CapacityEstimate }
  | { ok: false; errors: Partial<Record<keyof EstimatorFormValues, string>> };

/** Reads the typed text as numbers and runs core's estimator; errors are keyed by field. */
export function estimateFromForm(values: EstimatorFormValues): EstimatorFormResult {
  const errors: Partial<Record<keyof EstimatorFormValues, string>> = {};
  const numbers: Partial<Record<EstimatorNumberField, number>> = {};
  for (const [field, label] of Object.entries(NUMBER_FIELDS) as [EstimatorNumberField, string][]) {
    const text = values[field].trim().replace(/,/g, '');
    if (text === '') {
      errors[field] = `${label} is required`;
      continue;
    }
    // Number('') and Number(' ') are 0 and Number('1e') is NaN: only plain decimals pass.
    numbers[field] = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  }
  const result = estimateCapacity({
    ...numbers,
    rateUnit: values.rateUnit,
    payloadUnit: values.payloadUnit,
  });
  if (!result.ok) {
    for (const issue of result.issues) {
      const field = (issue.field || 'rate') as keyof EstimatorFormValues;
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (!result.ok) return { ok: false, errors: { rate: 'The estimate could not be made' } };
  return { ok: true, estimate: result.estimate };
}
