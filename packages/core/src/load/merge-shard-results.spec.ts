import { ConfigSchema } from '../config/config.schema';
import { LoadReportSchema } from '../report/report.schema';
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  percentileMs,
  toHistogramValue,
} from './latency-histogram';
import type { LoadShardResult, RecordedSecond } from './load-result.schema';
import { mergeShardResults } from './merge-shard-results';

const config = ConfigSchema.parse({
  version: 1,
  target: { name: 't', baseUrl: 'http://127.0.0.1:1' },
  routes: [{ id: 'r', method: 'GET', path: '/' }],
  probes: {
    load: {
      route: 'r',
      executor: 'constant-arrival-rate',
      rate: 200,
      duration: '3s',
      shards: 2,
      thresholds: { http_req_duration: ['p(95)<50'] },
    },
  },
});

/** A deterministic pseudo-random stream, so the test is repeatable. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A shard that measured `seconds[t]` latencies (ms) in second t; every 10th one a 503. */
function shardOf(index: number, seconds: number[][]): LoadShardResult {
  const total = createLatencyHistogram();
  const series: RecordedSecond[] = seconds.map((latencies, t) => {
    const histogram = createLatencyHistogram();
    for (const ms of latencies) histogram.recordValue(toHistogramValue(ms));
    total.add(histogram);
    return {
      t,
      lengthMs: 1000,
      requests: latencies.length,
      errors: Math.floor(latencies.length / 10),
      p95: percentileMs(histogram, 95),
      histogram: encodeHistogram(histogram),
    };
  });
  const requests = seconds.flat().length;
  const serverErrors = series.reduce((sum, second) => sum + second.errors, 0);
  return {
    executor: 'constant-arrival-rate',
    route: 'r',
    shard: { index, count: 2 },
    durationMs: seconds.length * 1000,
    scheduledIterations: requests,
    requests,
    transportErrors: 0,
    serverErrors,
    statusCounts: { '200': requests - serverErrors, '503': serverErrors },
    droppedIterations: index,
    interruptedIterations: 0,
    bytesSent: 0,
    bytesReceived: requests * 10,
    histogram: encodeHistogram(total),
    series,
    samples: { errors: [], slowest: [] },
    notes: [],
  };
}

describe('mergeShardResults', () => {
  const next = random(42);
  // Shard 0 is fast, shard 1 slow: a percentile of percentiles would be far off.
  const fast = [0, 1, 2].map(() => Array.from({ length: 100 }, () => 1 + next() * 9));
  const slow = [0, 1, 2].map(() => Array.from({ length: 100 }, () => 40 + next() * 160));

  it('adds histograms bucket by bucket: the merge is the histogram of all samples', () => {
    const merged = mergeShardResults([shardOf(1, slow), shardOf(0, fast)], config);
    const reference = createLatencyHistogram();
    for (const ms of [...fast.flat(), ...slow.flat()]) reference.recordValue(toHistogramValue(ms));
    expect(merged.histogram).toBe(encodeHistogram(reference));
    expect(decodeHistogram(merged.histogram).totalCount).toBe(600);
    expect(merged.report.latencyMs.p95).toBe(percentileMs(reference, 95));
    expect(merged.report.requests).toBe(600);
    expect(merged.report.statusCounts).toEqual({ '200': 540, '503': 60 });
    expect(merged.droppedIterations).toBe(1);
  });

  it('sums each second and reads its p95 from the summed histograms', () => {
    const merged = mergeShardResults([shardOf(0, fast), shardOf(1, slow)], config);
    expect(merged.report.series).toHaveLength(3);
    merged.report.series.forEach((point, t) => {
      const reference = createLatencyHistogram();
      for (const ms of [...fast[t]!, ...slow[t]!]) reference.recordValue(toHistogramValue(ms));
      expect(point).toEqual({ t, rps: 200, p95: percentileMs(reference, 95), errors: 20 });
    });
  });

  it('judges thresholds and findings on the merged data and keeps the report contract', () => {
    const merged = mergeShardResults([shardOf(0, fast), shardOf(1, slow)], config);
    expect(merged.report.thresholds).toEqual([
      expect.objectContaining({ metric: 'http_req_duration', expr: 'p(95)<50', ok: false }),
    ]);
    expect(merged.findings.map((finding) => finding.code).sort()).toEqual([
      'load.server_errors',
      'load.threshold_failed',
    ]);
    expect(LoadReportSchema.parse(merged.report)).toEqual(merged.report);
  });

  it('refuses shards of different stages, and validates what it is given', () => {
    const other = { ...shardOf(1, slow), route: 'another' };
    expect(() => mergeShardResults([shardOf(0, fast), other], config)).toThrow(/disagree/);
    expect(() => mergeShardResults([{ requests: 'many' }], config)).toThrow();
    expect(() => mergeShardResults([], config)).toThrow(/no shard results/);
  });
});
