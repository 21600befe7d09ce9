import { Inject, Injectable } from '@nestjs/common';
import type { Budget } from '@shakedown/core/config';
import type { BudgetLedger, LedgerGrant, LedgerWant } from '@shakedown/core/http';
import type { Redis } from 'ioredis';

import { DEPLOYMENT_CONFIG } from '../config/config.module';
import type { DeploymentConfig } from '../config/deployment-env';
import { REDIS } from './redis.token';

/** Redis time in ms, the one clock every worker agrees on. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Opens the ledger once (a later call keeps the first deadline): KEYS[1]; maxRequests, maxBytes, maxDuration, ttl. */
const OPEN = `${NOW}
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'maxRequests', ARGV[1], 'maxBytes', ARGV[2],
    'deadline', now + tonumber(ARGV[3]), 'requests', 0, 'bytes', 0)
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[4]))
end
return 1`;

/** Grants up to ARGV[1] requests and ARGV[2] bytes (core's grantFrom rule); -1 when there is no ledger. */
const TAKE = `${NOW}
local v = redis.call('HMGET', KEYS[1], 'maxRequests', 'maxBytes', 'deadline', 'requests', 'bytes')
if not v[1] then return {-1} end
local requestsLeft = math.max(0, tonumber(v[1]) - tonumber(v[4]))
local bytesLeft = math.max(0, tonumber(v[2]) - tonumber(v[5]))
local remaining = tonumber(v[3]) - now
if remaining <= 0 then return {0, 0, requestsLeft, bytesLeft, remaining} end
local requests = math.min(math.max(0, tonumber(ARGV[1])), requestsLeft)
local bytes = math.min(math.max(0, tonumber(ARGV[2])), bytesLeft)
if requests > 0 then redis.call('HINCRBY', KEYS[1], 'requests', requests) end
if bytes > 0 then redis.call('HINCRBY', KEYS[1], 'bytes', bytes) end
return {requests, bytes, requestsLeft - requests, bytesLeft - bytes, remaining}`;

/** Gives back ARGV[1] requests and ARGV[2] bytes (negative: bytes used beyond the lease). */
const SETTLE = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local fields = {'requests', 'bytes'}
for i = 1, 2 do
  -- 0 - x, not -x: Redis refuses the '-0' that Lua would format for -0.
  local back = math.floor(tonumber(ARGV[i]))
  if back ~= 0 and redis.call('HINCRBY', KEYS[1], fields[i], 0 - back) < 0 then
    redis.call('HSET', KEYS[1], fields[i], 0)
  end
end
return 1`;

/** How long a ledger outlives its run's deadline (a late shard still finds it, then expires). */
const KEEP_AFTER_DEADLINE_MS = 3_600_000;

type ScriptCommand = (...input: (string | number)[]) => Promise<unknown>;

/** Which run attempt a ledger belongs to: each attempt of a run starts a fresh budget. */
export interface LedgerRun {
  runId: string;
  attempt: number;
}

/**
 * The run budgets of the hosted service: one {@link BudgetLedger} per run attempt, a Redis hash
 * under `REDIS_PREFIX:budget:<run>:<attempt>` that the probes and every load shard, on any
 * worker, lease from with Lua scripts (atomic, on Redis time). Opened once when the run starts
 * (its deadline is `maxDuration` from then); expires an hour after that deadline.
 */
@Injectable()
export class RunBudgetLedgers {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DEPLOYMENT_CONFIG) private readonly config: DeploymentConfig,
  ) {
    for (const [name, lua] of [
      ['shakedownBudgetOpen', OPEN],
      ['shakedownBudgetTake', TAKE],
      ['shakedownBudgetSettle', SETTLE],
    ] as const) {
      if (!(name in this.redis)) this.redis.defineCommand(name, { numberOfKeys: 1, lua });
    }
  }

  /** Opens the run attempt's ledger (a no-op when it is open) and returns it. */
  async open(run: LedgerRun, limits: Budget): Promise<BudgetLedger> {
    const key = this.key(run);
    await this.command('shakedownBudgetOpen')(
      key,
      Math.floor(limits.maxRequests),
      Math.floor(limits.maxBytes),
      Math.ceil(limits.maxDuration),
      KEEP_AFTER_DEADLINE_MS,
    );
    return this.ledger(key);
  }

  /** The ledger its run opened; taking from one that was never opened fails (closed). */
  forRun(run: LedgerRun): BudgetLedger {
    return this.ledger(this.key(run));
  }

  private ledger(key: string): BudgetLedger {
    return {
      take: async (want: LedgerWant): Promise<LedgerGrant> => {
        const reply = (await this.command('shakedownBudgetTake')(
          key,
          Math.floor(want.requests),
          Math.floor(want.bytes),
        )) as number[];
        if (reply[0] === -1)
          throw new Error('the run has no budget ledger (expired or never opened)');
        const [requests = 0, bytes = 0, requestsLeft = 0, bytesLeft = 0, remainingMs = 0] = reply;
        return { requests, bytes, requestsLeft, bytesLeft, remainingMs };
      },
      settle: async (unused: LedgerWant): Promise<void> => {
        await this.command('shakedownBudgetSettle')(
          key,
          Math.floor(unused.requests),
          Math.floor(unused.bytes),
        );
      },
    };
  }

  private key(run: LedgerRun): string {
    return `${this.config.REDIS_PREFIX}:budget:${run.runId}:${run.attempt}`;
  }

  private command(name: string): ScriptCommand {
    const command = (this.redis as unknown as Record<string, ScriptCommand>)[name]!;
    return command.bind(this.redis);
  }
}
