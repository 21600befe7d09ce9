import { estimateCapacity, type EstimateCapacityResult } from './estimate-capacity';

function issuesOf(result: EstimateCapacityResult) {
  if (result.ok) throw new Error('expected the input to be refused');
  return result.issues;
}

describe('estimateCapacity: invalid input gets a clear message', () => {
  it.each([
    [{ rate: -1 }, 'rate', 'Request rate cannot be negative'],
    [{ rate: 'ten' }, 'rate', 'Request rate must be a number'],
    [{ rate: Number.NaN }, 'rate', 'Request rate must be a number'],
    [{ rate: Number.POSITIVE_INFINITY }, 'rate', 'Request rate must be a number'],
    [{ rate: null }, 'rate', 'Request rate must be a number'],
    [
      { rate: 1_000_001, rateUnit: 'second' },
      'rate',
      'Request rate cannot exceed 1,000,000 requests per second',
    ],
    [{ rateUnit: 'week' }, 'rateUnit', 'Rate unit must be one of second, minute, hour, day'],
    [{ payloadSize: -5 }, 'payloadSize', 'Payload size cannot be negative'],
    [{ payloadSize: 1025, payloadUnit: 'MB' }, 'payloadSize', 'Payload size cannot exceed 1 GB'],
    [{ payloadUnit: 'GB' }, 'payloadUnit', 'Payload unit must be one of B, KB, MB'],
    [{ durationDays: 0 }, 'durationDays', 'Duration must be at least 1 day'],
    [{ durationDays: 2.5 }, 'durationDays', 'Duration must be a whole number of days'],
    [{ durationDays: 3651 }, 'durationDays', 'Duration cannot exceed 3650 days (ten years)'],
    [{ acceptedPercent: 101 }, 'acceptedPercent', 'Accepted share must be between 0 and 100 %'],
    [{ acceptedPercent: -1 }, 'acceptedPercent', 'Accepted share must be between 0 and 100 %'],
    [
      { storageOverhead: 0.5 },
      'storageOverhead',
      'Storage overhead is a multiplier of at least 1 (1 = no overhead)',
    ],
    [{ storageOverhead: 11 }, 'storageOverhead', 'Storage overhead cannot exceed 10×'],
    [{ pricePerGbMonth: -0.1 }, 'pricePerGbMonth', 'Storage price cannot be negative'],
  ])('%j → %s: %s', (input, field, message) => {
    expect(issuesOf(estimateCapacity(input))).toEqual([{ field, message }]);
  });

  it('accepts the limits themselves', () => {
    const result = estimateCapacity({
      rate: 1_000_000,
      rateUnit: 'second',
      payloadSize: 1024,
      payloadUnit: 'MB',
      durationDays: 3650,
      storageOverhead: 10,
      pricePerGbMonth: 1000,
    });
    expect(result.ok).toBe(true);
  });

  it('names unknown fields', () => {
    expect(issuesOf(estimateCapacity({ rate: 1, ratePerSecond: 3 }))).toEqual([
      { field: '', message: 'Unknown field: ratePerSecond' },
    ]);
  });

  it('reports every problem at once', () => {
    const fields = issuesOf(estimateCapacity({ rate: -1, payloadSize: 'x', durationDays: 0 })).map(
      (issue) => issue.field,
    );
    expect(fields).toEqual(['rate', 'payloadSize', 'durationDays']);
  });

  it('refuses a body that is not an object', () => {
    expect(issuesOf(estimateCapacity('10 per minute'))).toHaveLength(1);
    expect(issuesOf(estimateCapacity([1, 2]))).toHaveLength(1);
  });
});

describe('estimateCapacity: every accepted input gives finite numbers', () => {
  const values = {
    rate: [0, 0.001, 1, 999_999, 1_000_000],
    rateUnit: ['second', 'minute', 'hour', 'day'],
    payloadSize: [0, 0.5, 1, 1024],
    payloadUnit: ['B', 'KB', 'MB'],
    durationDays: [1, 30, 3650],
    acceptedPercent: [0, 33.3, 100],
    storageOverhead: [1, 10],
    pricePerGbMonth: [0, 1000],
  };

  it('over a grid of edge values (no NaN, no Infinity, no negative)', () => {
    let checked = 0;
    for (const rate of values.rate)
      for (const rateUnit of values.rateUnit)
        for (const payloadSize of values.payloadSize)
          for (const payloadUnit of values.payloadUnit)
            for (const durationDays of values.durationDays)
              for (const acceptedPercent of values.acceptedPercent) {
                const input = {
                  rate,
                  rateUnit,
                  payloadSize,
                  payloadUnit,
                  durationDays,
                  acceptedPercent,
                  storageOverhead: values.storageOverhead[checked % 2],
                  pricePerGbMonth: values.pricePerGbMonth[checked % 2],
                };
                const result = estimateCapacity(input);
                checked += 1;
                expect(result.ok).toBe(true);
                if (!result.ok) continue;
                const { estimate } = result;
                const numbers = [
                  estimate.rawBytes,
                  estimate.storedBytes,
                  estimate.monthlyCost,
                  estimate.cumulativeCost,
                  estimate.requestsPerDay,
                  estimate.series.at(-1)?.storedBytes ?? Number.NaN,
                ];
                for (const n of numbers) {
                  expect(Number.isFinite(n) && n >= 0).toBe(true);
                }
                expect(Object.values(estimate.display).join(' ')).not.toMatch(/NaN|Infinity/);
              }
    expect(checked).toBe(5 * 4 * 4 * 3 * 3 * 3);
  });
});
