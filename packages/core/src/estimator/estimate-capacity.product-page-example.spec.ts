import { estimateCapacity } from './estimate-capacity';

// The product page's example: 5 requests a minute of 256 KB for a week is
// 50,400 × 256 KB = 12,600 MB of raw data (12.30 GB), stored with the default 1.35× overhead.
describe('estimateCapacity: the product page example', () => {
  const result = estimateCapacity({
    rate: 5,
    rateUnit: 'minute',
    payloadSize: 256,
    payloadUnit: 'KB',
    durationDays: 7,
  });

  it('shows raw 12.30 GB, stored 16.61 GB and a High warning', () => {
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.estimate.display.raw).toBe('12.30 GB');
    expect(result.estimate.display.stored).toBe('16.61 GB');
    expect(result.estimate.warning).toBe('High');
  });

  it('counts 7,200 requests a day and prices the stored volume per GB-month', () => {
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.estimate.requestsPerDay).toBe(7200);
    expect(result.estimate.rawBytes).toBe(12_600 * 1024 ** 2);
    // 16.611 GB × 0.115 per GB-month.
    expect(result.estimate.display.monthlyCost).toBe('1.91');
  });
});
