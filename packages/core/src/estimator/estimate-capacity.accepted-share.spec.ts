import { estimateCapacity } from './estimate-capacity';

describe('estimateCapacity: the share of requests the route accepts', () => {
  const base = { rate: 100, rateUnit: 'day', payloadSize: 1, payloadUnit: 'MB', durationDays: 30 };

  it('stores nothing and costs nothing when the route rejects everything', () => {
    const result = estimateCapacity({ ...base, acceptedPercent: 0 });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.estimate.display.raw).toBe('2.93 GB');
    expect(result.estimate.storedBytes).toBe(0);
    expect(result.estimate.display.stored).toBe('0 B');
    expect(result.estimate.warning).toBe('Low');
    expect(result.estimate.display.monthlyCost).toBe('0.00');
    expect(result.estimate.display.cumulativeCost).toBe('0.00');
  });

  it('stores half as much at 50 %', () => {
    const full = estimateCapacity(base);
    const half = estimateCapacity({ ...base, acceptedPercent: 50 });
    if (!full.ok || !half.ok) throw new Error('unexpected issues');
    expect(half.estimate.rawBytes).toBe(full.estimate.rawBytes);
    expect(half.estimate.storedBytes).toBeCloseTo(full.estimate.storedBytes / 2, 6);
    expect(half.estimate.monthlyCost).toBeCloseTo(full.estimate.monthlyCost / 2, 10);
  });
});
