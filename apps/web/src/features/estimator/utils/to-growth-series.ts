import { GB, type CapacityEstimate } from '@shakedown/core/estimator';

export interface GrowthPoint {
  day: number;
  /** GB (powers of 1024), two decimals. */
  rawGb: number;
  storedGb: number;
}

/** More points than this add nothing a reader can see on a chart a few hundred pixels wide. */
export const MAX_CHART_POINTS = 366;

const toGb = (bytes: number) => Math.round((bytes / GB) * 100) / 100;

/**
 * The estimate's day-by-day series as chart points in GB. Long periods are thinned to at most
 * {@link MAX_CHART_POINTS}, always keeping the first and the last day.
 */
export function toGrowthSeries(
  series: CapacityEstimate['series'],
  maxPoints = MAX_CHART_POINTS,
): GrowthPoint[] {
  if (series.length === 0) return [];
  const step = Math.max(1, Math.ceil((series.length - 1) / (maxPoints - 1)));
  const points: GrowthPoint[] = [];
  for (let index = 0; index < series.length; index += step) {
    const point = series[index]!;
    points.push({ day: point.day, rawGb: toGb(point.rawBytes), storedGb: toGb(point.storedBytes) });
  }
  const last = series[series.length - 1]!;
  if (points[points.length - 1]?.day !== last.day) {
    points.push({ day: last.day, rawGb: toGb(last.rawBytes), storedGb: toGb(last.storedBytes) });
  }
  return points;
}
