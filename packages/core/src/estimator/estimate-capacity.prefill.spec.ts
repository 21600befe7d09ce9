import { estimateCapacity, payloadSizeFromBytes } from './estimate-capacity';

describe('payloadSizeFromBytes: pre-filling the widget from a finding', () => {
  it.each([
    [10 * 1024 ** 2, { payloadSize: 10, payloadUnit: 'MB' }],
    [2 * 1024 ** 2 + 1024 ** 2 / 2, { payloadSize: 2.5, payloadUnit: 'MB' }],
    [1536, { payloadSize: 1.5, payloadUnit: 'KB' }],
    [700, { payloadSize: 700, payloadUnit: 'B' }],
    [0, { payloadSize: 0, payloadUnit: 'B' }],
    [-3, { payloadSize: 0, payloadUnit: 'B' }],
    [Number.NaN, { payloadSize: 0, payloadUnit: 'B' }],
  ])('%d bytes → %j', (bytes, expected) => {
    expect(payloadSizeFromBytes(bytes)).toEqual(expected);
  });

  it('feeds the estimate with the same number of bytes', () => {
    const result = estimateCapacity({ ...payloadSizeFromBytes(20 * 1024 ** 2), durationDays: 1 });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.estimate.payloadBytes).toBe(20 * 1024 ** 2);
  });
});
