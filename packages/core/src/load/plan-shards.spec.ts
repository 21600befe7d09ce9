import { BudgetSchema, LoadSchema } from '../config/config.schema';
import { planShards, shardRateLimits } from './plan-shards';

describe('planShards', () => {
  it('gives each shard rate/N and maxVUs/N of an arrival-rate stage', () => {
    const load = LoadSchema.parse({
      route: 'r',
      executor: 'constant-arrival-rate',
      rate: 300,
      duration: '30s',
      maxVUs: 100,
      shards: 3,
      thresholds: { http_req_duration: ['p(95)<300'] },
    });
    const shards = planShards(load, 3);
    expect(shards).toHaveLength(3);
    for (const shard of shards) {
      expect(shard).toMatchObject({ rate: 100, maxVUs: 34, duration: 30_000, shards: 1 });
      expect(shard.thresholds).toEqual(load.thresholds);
    }
  });

  it('divides every stage target and the start rate', () => {
    const load = LoadSchema.parse({
      route: 'r',
      executor: 'ramping-arrival-rate',
      startRate: 20,
      stages: [
        { duration: '10s', target: 100 },
        { duration: '5s', target: 40 },
      ],
    });
    const [first, second] = planShards(load, 2);
    expect(first).toEqual(second);
    expect(first).toMatchObject({
      startRate: 10,
      stages: [
        { duration: 10_000, target: 50 },
        { duration: 5000, target: 20 },
      ],
    });
  });

  it('splits VUs with the remainder first, never a shard without a VU', () => {
    const load = LoadSchema.parse({ route: 'r', executor: 'constant-vus', vus: 5, duration: '5s' });
    expect(planShards(load, 2).map((shard) => shard.vus)).toEqual([3, 2]);
    expect(planShards(load, 8).map((shard) => shard.vus)).toEqual([1, 1, 1, 1, 1]);
  });

  it('rejects a shard count that is not a whole number ≥ 1', () => {
    const load = LoadSchema.parse({ route: 'r', executor: 'constant-vus', vus: 5, duration: '5s' });
    expect(() => planShards(load, 0)).toThrow(RangeError);
    expect(() => planShards(load, 1.5)).toThrow(RangeError);
  });
});

describe('shardRateLimits', () => {
  it('splits the rate only: the caps are drawn from the run ledger', () => {
    const budget = BudgetSchema.parse({
      maxRps: 200,
      maxRequests: 1001,
      maxBytes: 1000,
      maxDuration: '5m',
    });
    const limits = [0, 1, 2].map(() => shardRateLimits(budget, 3));
    expect(limits.reduce((sum, slice) => sum + slice.maxRps, 0)).toBeCloseTo(200, 9);
    expect(limits.map((slice) => [slice.maxRequests, slice.maxBytes, slice.maxDuration])).toEqual(
      [0, 1, 2].map(() => [1001, 1000, 300_000]),
    );
  });
});
