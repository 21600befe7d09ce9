import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

/**
 * Latency is recorded in whole microseconds in HDR histograms with 3 significant digits (a
 * 0.1% bucket error), from 1 µs up to one hour. Every histogram of the load engine has this
 * exact shape, so shard histograms add bucket by bucket: a merged histogram is the histogram of
 * all samples, not an approximation.
 *
 * The plain JavaScript `Int32Array` implementation is used on purpose. Measured on Node 20:
 * about 130 ns per `recordValue`, against about 660 ns for the packed one; the WebAssembly build
 * is faster (about 25 ns) but needs an initialisation step and an explicit `destroy()` per
 * histogram, and the hot path records each sample only once (see `LoadRun`), so the JS build
 * costs about 1% of a request's CPU.
 */
const HISTOGRAM_HIGHEST_US = 3_600_000_000;
const SIGNIFICANT_DIGITS = 3;

export type LatencyHistogram = Histogram;

export function createLatencyHistogram(): LatencyHistogram {
  return build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HISTOGRAM_HIGHEST_US,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });
}

/** Milliseconds (a float) to the integer microseconds the histograms record. */
export function toHistogramValue(ms: number): number {
  const us = Math.round(ms * 1000);
  return us < 0 ? 0 : us > HISTOGRAM_HIGHEST_US ? HISTOGRAM_HIGHEST_US : us;
}

/** The compressed base64 form (HdrHistogram's standard encoding), for shard results. */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Decodes into a histogram of the engine's shape, so it can be added to any other. */
export function decodeHistogram(encoded: string): LatencyHistogram {
  const decoded = decodeFromCompressedBase64(encoded, 32, false);
  const histogram = createLatencyHistogram();
  histogram.add(decoded);
  return histogram;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
  avg: number;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Percentiles in milliseconds; all zero for an empty histogram. */
export function summariseLatency(histogram: LatencyHistogram): LatencySummary {
  if (histogram.totalCount === 0) {
    return { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, min: 0, avg: 0 };
  }
  const ms = (us: number) => round3(us / 1000);
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
    min: ms(histogram.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : histogram.minNonZeroValue),
    avg: ms(histogram.mean),
  };
}

/** Milliseconds at percentile `p` (0–100). */
export function percentileMs(histogram: LatencyHistogram, p: number): number {
  return histogram.totalCount === 0 ? 0 : round3(histogram.getValueAtPercentile(p) / 1000);
}
