import { createLatencyHistogram, toHistogramValue } from './latency-histogram';
import { SafetyMonitor, type SafetySecond } from './safety-monitor';

function second(index: number, latencyMs: number, requests = 50, failed = 0): SafetySecond {
  const histogram = createLatencyHistogram();
  for (let i = 0; i < requests; i++) histogram.recordValue(toHistogramValue(latencyMs));
  return { endMs: (index + 1) * 1000, requests, failed, histogram, oldestInFlightMs: 0 };
}

describe('SafetyMonitor', () => {
  it('learns the baseline over its window, then stops after 5 s in a row above 10× it', () => {
    const monitor = new SafetyMonitor({ baselineWindowMs: 3000 });
    for (let s = 0; s < 3; s++) expect(monitor.observe(second(s, 20))).toBeUndefined();
    expect(monitor.baselineP95Ms).toBeCloseTo(20, 1);
    expect(monitor.degradedAboveMs).toBeCloseTo(200, 0);
    for (let s = 3; s < 7; s++) expect(monitor.observe(second(s, 250))).toBeUndefined();
    expect(monitor.observe(second(7, 250))).toMatch(/degraded: p95 stayed above 200(\.\d)? ms/);
  });

  it('lets a single stall pass: the count restarts after a healthy second', () => {
    const monitor = new SafetyMonitor({ baselineWindowMs: 1000 });
    monitor.observe(second(0, 1));
    for (let s = 1; s < 5; s++) expect(monitor.observe(second(s, 900))).toBeUndefined();
    expect(monitor.observe(second(5, 1))).toBeUndefined();
    for (let s = 6; s < 10; s++) expect(monitor.observe(second(s, 900))).toBeUndefined();
  });

  it('never calls loopback jitter degradation: the limit is at least 100 ms', () => {
    const monitor = new SafetyMonitor({ baselineWindowMs: 1000 });
    monitor.observe(second(0, 0.3));
    expect(monitor.degradedAboveMs).toBe(100);
    for (let s = 1; s < 20; s++) expect(monitor.observe(second(s, 50))).toBeUndefined();
  });

  it('counts a second with nothing answered as degraded when requests are stuck past the limit', () => {
    const monitor = new SafetyMonitor({ baselineWindowMs: 1000 });
    monitor.observe(second(0, 5));
    let reason: string | undefined;
    for (let s = 1; s <= 5; s++) {
      reason = monitor.observe({ ...second(s, 0, 0), oldestInFlightMs: s * 1000 });
    }
    expect(reason).toMatch(/no answer/);
  });

  it('stops after 5 s in a row with more than half of the requests failing', () => {
    const monitor = new SafetyMonitor({ baselineWindowMs: 1000 });
    for (let s = 0; s < 4; s++) expect(monitor.observe(second(s, 5, 10, 6))).toBeUndefined();
    expect(monitor.observe(second(4, 5, 10, 5))).toBeUndefined();
    for (let s = 5; s < 9; s++) expect(monitor.observe(second(s, 5, 10, 6))).toBeUndefined();
    expect(monitor.observe(second(9, 5, 10, 6))).toMatch(/more than 50% of requests failed/);
  });

  it('leaves the first second (connections, JIT) out of a baseline window longer than that', () => {
    const monitor = new SafetyMonitor({ baselineWindowMs: 3000 });
    monitor.observe(second(0, 400));
    monitor.observe(second(1, 5));
    monitor.observe(second(2, 5));
    expect(monitor.baselineP95Ms).toBeCloseTo(5, 1);
  });

  it('waits for enough samples before it trusts a baseline', () => {
    const monitor = new SafetyMonitor({ baselineWindowMs: 1000 });
    monitor.observe(second(0, 5, 5));
    expect(monitor.baselineP95Ms).toBeUndefined();
    monitor.observe(second(1, 5, 15));
    expect(monitor.baselineP95Ms).toBeCloseTo(5, 1);
  });
});
