import type { Budget, Load } from '../config/config.schema';

/**
 * Splits a load stage over `count` workers: each shard takes rate/N (every stage target and
 * the start rate too) or VUs/N, and maxVUs/N rounded up. Thresholds stay on every shard (they
 * are judged on the merged result; a shard only uses them for its own `abortOnFail`).
 *
 * `constant-vus` cannot give a shard less than one VU, so it yields min(count, vus) shards,
 * spreading the remainder over the first ones (5 VUs over 2 shards: 3 and 2).
 */
export function planShards(load: Load, count: number): Load[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`a load stage splits into a whole number of shards ≥ 1, not ${count}`);
  }
  const shared = { ...load, shards: 1 };
  if (load.executor === 'constant-vus') {
    const vus = load.vus ?? 1;
    const shards = Math.min(count, vus);
    return Array.from({ length: shards }, (_, index) => ({
      ...shared,
      vus: Math.floor(vus / shards) + (index < vus % shards ? 1 : 0),
    }));
  }
  const maxVUs =
    load.maxVUs === undefined ? undefined : Math.max(1, Math.ceil(load.maxVUs / count));
  return Array.from({ length: count }, () => ({
    ...shared,
    ...(load.rate === undefined ? {} : { rate: load.rate / count }),
    startRate: load.startRate / count,
    ...(load.stages === undefined
      ? {}
      : { stages: load.stages.map((stage) => ({ ...stage, target: stage.target / count })) }),
    ...(maxVUs === undefined ? {} : { maxVUs }),
  }));
}

/**
 * The limits one shard's {@link RunBudget} runs with: `maxRps`/N, so the shards together keep
 * the run's rate. `maxRequests`, `maxBytes` and `maxDuration` are not split: they are the run's,
 * and every shard draws them from the run's one `BudgetLedger` (`RunBudget.fromLedger`), shared
 * with the probes, so the run as a whole stays within them (docs/load.md "Sharding").
 */
export function shardRateLimits(budget: Budget, count: number): Budget {
  return { ...budget, maxRps: budget.maxRps / count };
}
