import { createLatencyHistogram, percentileMs, type LatencyHistogram } from './latency-histogram';

export interface SafetyOptions {
  /** The baseline is the p95 of this first part of the stage (the first stage, or 3 s). */
  baselineWindowMs: number;
  /**
   * Seconds ending within this are left out of the baseline (connection set-up, JIT): 1 s when
   * the window is longer than that, else nothing.
   */
  warmUpMs: number;
  /** The baseline window stretches until it holds this many samples. */
  minBaselineSamples: number;
  /** A second is degraded when its p95 exceeds `factor` × the baseline p95 … */
  factor: number;
  /** … and this floor, so loopback jitter on a 0.3 ms baseline never looks like degradation. */
  floorMs: number;
  /** A second is failing when more than this share of its requests failed. */
  errorRate: number;
  /** Consecutive degraded or failing seconds before the stage stops itself. */
  sustainSeconds: number;
}

const DEFAULT_SAFETY: Omit<SafetyOptions, 'baselineWindowMs' | 'warmUpMs'> = {
  minBaselineSamples: 20,
  factor: 10,
  floorMs: 100,
  errorRate: 0.5,
  sustainSeconds: 5,
};

/** One closed second of the stage, as the monitor sees it. */
export interface SafetySecond {
  /** Seconds since the stage start at the end of this second. */
  endMs: number;
  requests: number;
  failed: number;
  /** Latencies recorded in this second. */
  histogram: LatencyHistogram;
  /** Age of the oldest request still in flight at the end of the second (0 if none). */
  oldestInFlightMs: number;
}

/**
 * Stops a stage that is hurting its target: p95 above 10× the baseline's, or more than half of
 * the requests failing, for 5 seconds in a row. A single stall (one slow second) is data, not a
 * reason to stop; a sustained collapse is.
 */
export class SafetyMonitor {
  private readonly baseline = createLatencyHistogram();
  private baselineP95: number | undefined;
  private degradedSeconds = 0;
  private failingSeconds = 0;
  private readonly options: SafetyOptions;

  constructor(options: Partial<SafetyOptions> & { baselineWindowMs: number }) {
    const warmUpMs = options.warmUpMs ?? (options.baselineWindowMs > 1000 ? 1000 : 0);
    this.options = { ...DEFAULT_SAFETY, ...options, warmUpMs };
  }

  /** The baseline p95 in ms, once known. */
  get baselineP95Ms(): number | undefined {
    return this.baselineP95;
  }

  /** The p95 above which a second counts as degraded, once the baseline is known. */
  get degradedAboveMs(): number | undefined {
    if (this.baselineP95 === undefined) return undefined;
    return Math.max(this.baselineP95 * this.options.factor, this.options.floorMs);
  }

  /** Feeds one closed second; returns why the stage must stop, or undefined. */
  observe(second: SafetySecond): string | undefined {
    const { sustainSeconds, errorRate } = this.options;
    if (this.baselineP95 === undefined) {
      if (second.endMs > this.options.warmUpMs) this.baseline.add(second.histogram);
      if (
        second.endMs >= this.options.baselineWindowMs &&
        this.baseline.totalCount >= this.options.minBaselineSamples
      ) {
        this.baselineP95 = percentileMs(this.baseline, 95);
      }
    } else {
      const limit = this.degradedAboveMs ?? Infinity;
      const p95 = percentileMs(second.histogram, 95);
      const isDegraded = second.requests > 0 ? p95 > limit : second.oldestInFlightMs > limit;
      this.degradedSeconds = isDegraded ? this.degradedSeconds + 1 : 0;
      if (this.degradedSeconds >= sustainSeconds) {
        const shown = second.requests > 0 ? `${p95} ms` : 'no answer';
        return (
          `the target degraded: p95 stayed above ${round(limit)} ms (10× the baseline p95 of ` +
          `${this.baselineP95} ms) for ${sustainSeconds} s in a row (last second: ${shown})`
        );
      }
    }
    const isFailing = second.requests > 0 && second.failed / second.requests > errorRate;
    this.failingSeconds = isFailing ? this.failingSeconds + 1 : 0;
    if (this.failingSeconds >= sustainSeconds) {
      return (
        `the target is failing: more than ${errorRate * 100}% of requests failed (5xx or ` +
        `transport errors) for ${sustainSeconds} s in a row`
      );
    }
    return undefined;
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
