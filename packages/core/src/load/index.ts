/**
 * `@shakedown/core/load`: the load stage of a run (docs/load.md).
 *
 * The entry point is {@link runLoadStage}:
 *
 * ```ts
 * const result = await runLoadStage(config, {
 *   budget,                  // the run's RunBudget (a shard: drawing from the run's ledger)
 *   signal,                  // optional: cancels the stage at once
 *   clock,                   // optional: the budget's clock
 *   connect,                 // optional: e.g. createGuardedConnector(policy) (hosted service)
 *   dispatcher,              // optional: or an undici Dispatcher for every request instead
 *   onProgress: (second) => …, // one series point per second
 *   shard: { index, count }, // optional: run one shard of the stage
 * });
 * result.report;             // the JSON report's `load` section
 * result.checks; result.findings; // load.threshold_failed, load.server_errors
 * result.droppedIterations; result.abortedReason;
 * result.histogram;          // all latencies (µs), HdrHistogram compressed base64
 * result.raw;                // plain data a shard job returns to its parent
 * ```
 *
 * A sharded stage: the parent splits with `planShards(load, n)` (use its length as the shard
 * count); each child job builds its budget with `RunBudget.fromLedger(shardRateLimits(budget,
 * count), runLedger)`, calls `runLoadStage` with `shard`, settles the budget and returns
 * `result.raw`, and the parent calls `mergeShardResults(raws, config)`.
 */
export { runLoadStage } from './run-load-stage';
export { mergeShardResults } from './merge-shard-results';
// planShards is the protocol's first step (docs/load.md), though the worker does not call it yet.
export { planShards, shardRateLimits } from './plan-shards';
export {
  LoadShardResultSchema,
  type LoadShardResult,
  type LoadStageResult,
} from './load-result.schema';
export { decodeHistogram } from './latency-histogram';
