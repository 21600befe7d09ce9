import { payloadSizeFromBytes, type PayloadUnit } from '@shakedown/core/estimator';

import type { EstimatorFormValues } from './estimator-form';

/** The finding whose evidence feeds the estimator (docs/spec/findings.md). */
export const OVERSIZE_ACCEPTED_CODE = 'payload.oversize_accepted';

interface ExchangeLike {
  request?: { bodyBytes?: unknown; bodyPreview?: unknown };
  response?: { status?: unknown };
}

/**
 * The largest body size a route accepted, from a `payload.oversize_accepted` finding's
 * evidence: the size the probe recorded, else the largest request body answered with a 2xx.
 */
export function largestAcceptedBytes(evidence: unknown): number | undefined {
  if (evidence === null || typeof evidence !== 'object') return undefined;
  const record = evidence as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (/^largest.*accepted/i.test(key) && typeof value === 'number' && value > 0) return value;
  }
  const exchanges = Array.isArray(record.exchanges) ? (record.exchanges as ExchangeLike[]) : [];
  let largest: number | undefined;
  for (const exchange of exchanges) {
    const status = exchange.response?.status;
    if (typeof status !== 'number' || status < 200 || status > 299) continue;
    const bytes =
      typeof exchange.request?.bodyBytes === 'number'
        ? exchange.request.bodyBytes
        : typeof exchange.request?.bodyPreview === 'string'
          ? new TextEncoder().encode(exchange.request.bodyPreview).length
          : undefined;
    if (bytes !== undefined && bytes > 0 && (largest === undefined || bytes > largest)) {
      largest = bytes;
    }
  }
  return largest;
}

/** Query parameters of the estimator page, so a finding can link to a pre-filled widget. */
export function estimatorSearchFromBytes(bytes: number, route?: string): string {
  const { payloadSize, payloadUnit } = payloadSizeFromBytes(bytes);
  const params = new URLSearchParams({ payloadSize: String(payloadSize), payloadUnit });
  if (route) params.set('route', route);
  return params.toString();
}

const PAYLOAD_UNITS: readonly PayloadUnit[] = ['B', 'KB', 'MB'];

/** The form values a query string pre-fills (unknown or malformed parameters are ignored). */
export function prefillFromSearch(search: URLSearchParams): Partial<EstimatorFormValues> {
  const prefill: Partial<EstimatorFormValues> = {};
  const size = search.get('payloadSize');
  const unit = search.get('payloadUnit');
  if (size !== null && /^\d+(\.\d+)?$/.test(size)) prefill.payloadSize = size;
  if (unit !== null && (PAYLOAD_UNITS as readonly string[]).includes(unit)) {
    prefill.payloadUnit = unit as PayloadUnit;
  }
  return prefill;
}
