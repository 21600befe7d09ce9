import { estimateCapacity } from './estimate-capacity';
import { ESTIMATOR_DEFAULTS } from './estimator-input.schema';

describe('estimateCapacity: an empty input takes the spec defaults', () => {
  it('applies 10 per minute, 1 MB, 30 days, 100 %, 1.35×, 0.115 per GB-month', () => {
    const result = estimateCapacity({});
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.estimate.input).toEqual(ESTIMATOR_DEFAULTS);
  });

  it('works out the figures by hand', () => {
    const result = estimateCapacity(undefined);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { estimate } = result;
    // 10/min × 1,440 min × 30 days = 432,000 requests of 1 MB = 421.875 GB.
    expect(estimate.requestsPerDay).toBe(14_400);
    expect(estimate.display.raw).toBe('421.88 GB');
    // × 1.35 = 569.53125 GB.
    expect(estimate.display.stored).toBe('569.53 GB');
    expect(estimate.warning).toBe('High');
    // 569.53125 × 0.115 = 65.496.
    expect(estimate.display.monthlyCost).toBe('65.50');
    // 18.984375 GB a day; day d holds d days of growth; Σ d (1..30) = 465 GB-days per
    // daily GB, billed as 1/30 of a month: 18.984375 × 465 / 30 × 0.115 = 33.8397.
    expect(estimate.display.cumulativeCost).toBe('33.84');
  });
});
