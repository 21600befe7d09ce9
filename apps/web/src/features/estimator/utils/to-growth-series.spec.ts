import { estimateCapacity } from '@shakedown/core/estimator';

import { MAX_CHART_POINTS, toGrowthSeries } from './to-growth-series';

function seriesFor(durationDays: number) {
  const result = estimateCapacity({ durationDays, rate: 1, rateUnit: 'hour', payloadSize: 1 });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.estimate.series;
}

describe('toGrowthSeries', () => {
  it('gives GB with two decimals, one point a day for short periods', () => {
    const points = toGrowthSeries(seriesFor(7));
    expect(points.map((point) => point.day)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // 24 MB a day: 0.0234375 GB raw, × 1.35 stored.
    expect(points[1]).toEqual({ day: 1, rawGb: 0.02, storedGb: 0.03 });
    expect(points[7]).toEqual({ day: 7, rawGb: 0.16, storedGb: 0.22 });
  });

  it.each([365, 999, 1000, 1001, 3650])(
    'thins %d days to at most the chart limit, keeping both ends',
    (days) => {
      const points = toGrowthSeries(seriesFor(days));
      expect(points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
      expect(points[0]?.day).toBe(0);
      expect(points.at(-1)?.day).toBe(days);
      const days_ = points.map((point) => point.day);
      expect([...days_].sort((a, b) => a - b)).toEqual(days_);
    },
  );

  it('is empty for an empty series', () => {
    expect(toGrowthSeries([])).toEqual([]);
  });
});
