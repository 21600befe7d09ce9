/**
 * One shard of a load stage in its own process, as a worker's child job would run it: reads
 * `{ config, index, count }` as JSON from argv, runs shard `index` of `count` with its share of
 * the rate (each process its own caps: the hosted worker shares them through a ledger), and writes `{ raw, samples }` as one JSON line on stdout, `samples` being every
 * latency (µs) the shard recorded, so the test can build the reference histogram.
 *
 * Run with `node --import tsx src/load/testing/shard-child.ts '<json>'`.
 */
import type { Config } from '../../config/config.schema';
import { RunBudget } from '../../http/budget';
import { shardRateLimits } from '../plan-shards';
import { runLoadStage } from '../run-load-stage';

async function main(): Promise<void> {
  const { config, index, count } = JSON.parse(process.argv[2] ?? '{}') as {
    config: Config;
    index: number;
    count: number;
  };
  const budget = new RunBudget(shardRateLimits(config.target.budget, count));
  const samples: number[] = [];
  const result = await runLoadStage(config, {
    budget,
    shard: { index, count },
    onSample: (latencyUs) => samples.push(latencyUs),
  });
  process.stdout.write(`${JSON.stringify({ raw: result.raw, samples })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
