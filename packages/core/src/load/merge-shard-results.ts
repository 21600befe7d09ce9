import type { Config } from '../config/config.schema';
import type { Exchange } from '../report/report.schema';
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  percentileMs,
} from './latency-histogram';
import {
  LoadShardResultSchema,
  type LoadShardResult,
  type LoadStageResult,
  type RecordedSecond,
} from './load-result.schema';
import { judgeLoadStage } from './load-verdict';

/**
 * Merges the shards of one load stage into the result one big generator would have given:
 * counts are summed, histograms are decoded and added bucket by bucket (exact, not percentiles
 * of percentiles), each second's requests and errors are summed and its p95 is read from the
 * sum of that second's histograms. Thresholds and findings are then judged on the merged data.
 *
 * `results` may arrive as parsed JSON from child jobs: they are validated first.
 */
export function mergeShardResults(results: readonly unknown[], config: Config): LoadStageResult {
  const load = config.probes.load;
  if (!load) throw new Error('the config has no probes.load to merge shard results for');
  if (results.length === 0) throw new Error('there are no shard results to merge');
  const shards = results.map((result) => LoadShardResultSchema.parse(result));
  const first = shards[0]!;
  for (const shard of shards) {
    if (shard.executor !== first.executor || shard.route !== first.route) {
      throw new Error(
        `shard results disagree: ${shard.executor} on ${shard.route} vs ${first.executor} on ${first.route}`,
      );
    }
  }
  const sortedShards = [...shards].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));

  const total = createLatencyHistogram();
  for (const shard of sortedShards) total.add(decodeHistogram(shard.histogram));

  const statusCounts: Record<string, number> = {};
  for (const shard of sortedShards) {
    for (const [status, count] of Object.entries(shard.statusCounts)) {
      statusCounts[status] = (statusCounts[status] ?? 0) + count;
    }
  }

  const reasons = sortedShards
    .filter((shard) => shard.abortedReason !== undefined)
    .map((shard) =>
      shard.shard
        ? `shard ${shard.shard.index + 1} of ${shard.shard.count}: ${shard.abortedReason}`
        : shard.abortedReason,
    );
  const sum = (pick: (shard: LoadShardResult) => number) =>
    sortedShards.reduce((acc, shard) => acc + pick(shard), 0);

  const merged: LoadShardResult = {
    executor: first.executor,
    route: first.route,
    durationMs: Math.max(...sortedShards.map((shard) => shard.durationMs)),
    scheduledIterations: sum((shard) => shard.scheduledIterations),
    requests: sum((shard) => shard.requests),
    transportErrors: sum((shard) => shard.transportErrors),
    serverErrors: sum((shard) => shard.serverErrors),
    statusCounts,
    droppedIterations: sum((shard) => shard.droppedIterations),
    interruptedIterations: sum((shard) => shard.interruptedIterations),
    bytesSent: sum((shard) => shard.bytesSent),
    bytesReceived: sum((shard) => shard.bytesReceived),
    histogram: encodeHistogram(total),
    series: mergeSeries(sortedShards),
    samples: {
      errors: sortedShards.flatMap((shard) => shard.samples.errors).slice(0, 5),
      slowest: slowest(
        sortedShards.flatMap((shard) => shard.samples.slowest),
        3,
      ),
    },
    ...(reasons.length > 0 ? { abortedReason: reasons.join('; ') } : {}),
    notes: [...new Set(sortedShards.flatMap((shard) => shard.notes))],
  };
  return judgeLoadStage(merged, load);
}

/**
 * Seconds line up by their index since each shard's own start. Without per-second histograms
 * (a shard that did not keep them) a second's p95 falls back to the highest shard p95: an upper
 * bound, never an average of percentiles.
 */
function mergeSeries(shards: readonly LoadShardResult[]): RecordedSecond[] {
  const byT = new Map<number, RecordedSecond[]>();
  for (const shard of shards) {
    for (const second of shard.series) {
      const list = byT.get(second.t) ?? [];
      list.push(second);
      byT.set(second.t, list);
    }
  }
  return [...byT.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, seconds]) => {
      const isExact = seconds.every((second) => second.histogram !== undefined);
      let p95 = Math.max(...seconds.map((second) => second.p95));
      let histogram: string | undefined;
      if (isExact) {
        const sumOfSeconds = createLatencyHistogram();
        for (const second of seconds) sumOfSeconds.add(decodeHistogram(second.histogram!));
        p95 = percentileMs(sumOfSeconds, 95);
        histogram = encodeHistogram(sumOfSeconds);
      }
      return {
        t,
        lengthMs: Math.max(...seconds.map((second) => second.lengthMs)),
        requests: seconds.reduce((acc, second) => acc + second.requests, 0),
        errors: seconds.reduce((acc, second) => acc + second.errors, 0),
        p95,
        ...(histogram !== undefined ? { histogram } : {}),
      };
    });
}

function slowest(exchanges: Exchange[], count: number): Exchange[] {
  return [...exchanges]
    .sort((a, b) => (b.response?.ms ?? 0) - (a.response?.ms ?? 0))
    .slice(0, count);
}
