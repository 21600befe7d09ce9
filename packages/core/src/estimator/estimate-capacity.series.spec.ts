import { estimateCapacity } from './estimate-capacity';

describe('estimateCapacity: the day-by-day series', () => {
  const result = estimateCapacity({ rate: 2, rateUnit: 'hour', payloadSize: 3, durationDays: 14 });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const { estimate } = result;

  it('has one point per day from 0 to the last day', () => {
    expect(estimate.series.map((point) => point.day)).toEqual(
      Array.from({ length: 15 }, (_, day) => day),
    );
    expect(estimate.series[0]).toEqual({ day: 0, rawBytes: 0, storedBytes: 0 });
  });

  it('grows by the same amount each day and ends at the totals', () => {
    const dailyRaw = 2 * 24 * 3 * 1024 ** 2;
    estimate.series.forEach((point) => {
      expect(point.rawBytes).toBeCloseTo(dailyRaw * point.day, 3);
      expect(point.storedBytes).toBeCloseTo(dailyRaw * point.day * 1.35, 3);
    });
    expect(estimate.series.at(-1)?.rawBytes).toBe(estimate.rawBytes);
    expect(estimate.series.at(-1)?.storedBytes).toBe(estimate.storedBytes);
  });

  it('prices the cumulative cost from the series, day by day', () => {
    const gbDays = estimate.series.reduce((sum, point) => sum + point.storedBytes / 1024 ** 3, 0);
    expect(estimate.cumulativeCost).toBeCloseTo((gbDays / 30) * 0.115, 10);
    // Storing a growing volume for 14 days costs less than a month of the final volume.
    expect(estimate.cumulativeCost).toBeLessThan(estimate.monthlyCost);
  });
});
