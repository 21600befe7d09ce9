import type { Client, Dispatcher } from 'undici';

import type { Config, Load } from '../config/config.schema';
import { answerKeyOf } from '../http/answer-sizes';
import type { RunBudget } from '../http/budget';
import { systemClock, type Clock } from '../http/clock';
import type { SeriesPoint } from '../report/report.schema';
import { runArrivalRate } from './arrival-rate.executor';
import { ArrivalSchedule, capRateSegments, peakRate, rateSegments } from './arrival-schedule';
import { runConstantVus } from './constant-vus.executor';
import { buildLoadRequest } from './load-request';
import type { LoadStageResult } from './load-result.schema';
import { LoadRun } from './load-run';
import { judgeLoadStage } from './load-verdict';
import { planShards } from './plan-shards';
import { parseThresholds } from './thresholds';

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_GRACEFUL_STOP_MS = 30_000;
/** Without a first stage to learn from, the target's baseline is its first 3 seconds. */
const BASELINE_WINDOW_MS = 3_000;

export interface RunLoadStageOptions {
  /** The run's budget (for a shard: drawing from the run's ledger, `shardRateLimits`). */
  budget: RunBudget;
  /** Aborting it stops the stage at once; the result says `cancelled`. */
  signal?: AbortSignal;
  /** Defaults to the system clock; should be the budget's clock. */
  clock?: Clock;
  /**
   * How the engine's own connections (one keep-alive socket per VU) connect: undici connect
   * options (e.g. `{ ca }`) or a connector. The hosted service passes
   * `createGuardedConnector(policy)` here, so every connection is checked against its SSRF
   * policy after DNS.
   */
  connect?: Client.Options['connect'];
  /**
   * Or send every request through this undici dispatcher instead (slower: undici's per-request
   * work is about as costly as a whole request of ours).
   */
  dispatcher?: Dispatcher;
  /** Called once per second of the stage with that second's point of the series. */
  onProgress?: (second: SeriesPoint) => void;
  /** Run shard `index` of `count` (rate/N or VUs/N); the result's `raw` is what to merge. */
  shard?: { index: number; count: number };
  /** Test hook: every latency recorded in the histogram, in µs, with its status (0: timeout). */
  onSample?: (latencyUs: number, status: number) => void;
}

/** Default `maxVUs` of the arrival-rate executors: enough to ride out 1 s of latency at peak. */
export function defaultMaxVus(peak: number): number {
  return Math.min(1000, Math.max(10, Math.ceil(peak)));
}

/**
 * Runs the config's load stage against its target and judges it: the JSON report's `load`
 * section, the `load.*` checks and findings, dropped iterations and why it stopped early (if it
 * did). Never exceeds the budget's `maxRps` or `maxRequests`.
 */
export async function runLoadStage(
  config: Config,
  options: RunLoadStageOptions,
): Promise<LoadStageResult> {
  const configured = config.probes.load;
  if (!configured) throw new Error('the config has no probes.load stage');
  const load = shardOf(configured, options.shard);
  const clock = options.clock ?? systemClock;
  const timeoutMs = load.timeout ?? DEFAULT_TIMEOUT_MS;
  const keepSecondHistograms = options.shard !== undefined;
  const request = buildLoadRequest(config, load, timeoutMs);
  await options.budget.learnAnswerRoom(answerKeyOf(request.method, request.url));
  const common = {
    executor: load.executor,
    route: load.route,
    ...(options.shard ? { shard: options.shard } : {}),
    request,
    budget: options.budget,
    clock,
    timeoutMs,
    // A request sent just before the end may still time out (checked every 250 ms) in the grace.
    gracefulStopMs: Math.min(timeoutMs + 500, MAX_GRACEFUL_STOP_MS),
    thresholds: parseThresholds(load),
    keepSecondHistograms,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.connect ? { connect: options.connect } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onSample ? { onSample: options.onSample } : {}),
  };

  let run: LoadRun;
  let execute: () => Promise<number>;
  if (load.executor === 'constant-vus') {
    const durationMs = load.duration ?? 0;
    run = new LoadRun({ ...common, plannedMs: durationMs, baselineWindowMs: BASELINE_WINDOW_MS });
    execute = async () => {
      await runConstantVus(run, load.vus ?? 1, durationMs);
      return 0;
    };
  } else {
    let segments = rateSegments(load);
    const maxRps = options.budget.limits.maxRps;
    const notes: string[] = [];
    const peak = peakRate(segments);
    if (peak > maxRps) {
      segments = capRateSegments(segments, maxRps);
      notes.push(
        `the configured rate (up to ${peak}/s) was capped at the run's budget, maxRps ${maxRps}`,
      );
    }
    const schedule = new ArrivalSchedule(segments);
    const baselineWindowMs =
      load.executor === 'ramping-arrival-rate'
        ? (load.stages?.[0]?.duration ?? BASELINE_WINDOW_MS)
        : BASELINE_WINDOW_MS;
    run = new LoadRun({ ...common, plannedMs: schedule.durationMs, baselineWindowMs });
    run.notes.push(...notes);
    const maxVUs = load.maxVUs ?? defaultMaxVus(peakRate(segments));
    execute = async () => {
      await runArrivalRate(run, schedule, maxVUs);
      return schedule.total;
    };
  }

  const onAbort = () => {
    const reason = options.signal?.reason as unknown;
    run.abort(`cancelled${reason instanceof Error ? `: ${reason.message}` : ''}`, 'immediate');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted) onAbort();
    const scheduled = await execute();
    const raw = await run.finish(scheduled);
    return judgeLoadStage(raw, load);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function shardOf(load: Load, shard: RunLoadStageOptions['shard']): Load {
  if (!shard) return load;
  const plans = planShards(load, shard.count);
  const plan = plans[shard.index];
  if (!plan) {
    throw new RangeError(
      `shard ${shard.index} of ${shard.count} has no work: the stage splits into ${plans.length} shards`,
    );
  }
  return plan;
}
