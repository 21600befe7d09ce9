import type { LoadReport } from '@shakedown/core/report';

export interface LoadPoint {
  /** Seconds since the stage started. */
  t: number;
  rps: number;
  p95: number;
  errors: number;
}

export interface StatusBar {
  status: string;
  count: number;
  /** `2xx`, `4xx`, `5xx`…, or `error` for transport failures. */
  kind: string;
}

export interface PercentileBar {
  name: string;
  ms: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Requests per second and p95 per second of the load stage, in time order. */
export function toLoadTimeline(load: Pick<LoadReport, 'series'>): LoadPoint[] {
  return [...load.series]
    .sort((a, b) => a.t - b.t)
    .map((point) => ({
      t: point.t,
      rps: round(point.rps),
      p95: round(point.p95),
      errors: point.errors,
    }));
}

/** Status codes by count, most frequent first; codes that are not numbers are transport errors. */
export function toStatusBars(load: Pick<LoadReport, 'statusCounts'>): StatusBar[] {
  return Object.entries(load.statusCounts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => ({
      status,
      count,
      kind: /^[1-5]\d\d$/.test(status) ? `${status[0]}xx` : 'error',
    }))
    .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
}

export function toPercentiles(load: Pick<LoadReport, 'latencyMs'>): PercentileBar[] {
  const { p50, p90, p95, p99, max } = load.latencyMs;
  return [
    { name: 'p50', ms: round(p50) },
    { name: 'p90', ms: round(p90) },
    { name: 'p95', ms: round(p95) },
    { name: 'p99', ms: round(p99) },
    { name: 'max', ms: round(max) },
  ];
}
