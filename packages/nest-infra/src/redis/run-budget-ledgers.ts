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

/**
 * Keeps the larger of each answer size told (ARGV[3..], key and size pairs) and the one kept, in
 * fields answer:<key>; the Lua local kept lists the pairs kept.
 */
const KEEP_ANSWERS = `local kept = {}
for i = 3, #ARGV, 2 do
  local field = 'answer:' .. ARGV[i]
  local size = math.max(tonumber(redis.call('HGET', KEYS[1], field) or 0), tonumber(ARGV[i + 1]))
  redis.call('HSET', KEYS[1], field, size)
  table.insert(kept, ARGV[i])
  table.insert(kept, size)
end`;

/**
 * Grants up to ARGV[1] requests and ARGV[2] bytes (core's grantFrom rule) and keeps the answer
 * sizes told; replies the grant, then the sizes kept; -1 when there is no ledger.
 */
const TAKE = `${NOW}
local v = redis.call('HMGET', KEYS[1], 'maxRequests', 'maxBytes', 'deadline', 'requests', 'bytes')
if not v[1] then return {-1} end
${KEEP_ANSWERS}
local requestsLeft = math.max(0, tonumber(v[1]) - tonumber(v[4]))
local bytesLeft = math.max(0, tonumber(v[2]) - tonumber(v[5]))
local remaining = tonumber(v[3]) - now
local requests = 0
local bytes = 0
if remaining > 0 then
  requests = math.min(math.max(0, tonumber(ARGV[1])), requestsLeft)
  bytes = math.min(math.max(0, tonumber(ARGV[2])), bytesLeft)
  if requests > 0 then redis.call('HINCRBY', KEYS[1], 'requests', requests) end
  if bytes > 0 then redis.call('HINCRBY', KEYS[1], 'bytes', bytes) end
end
local reply = {requests, bytes, requestsLeft - requests, bytesLeft - bytes, remaining}
for _, value in ipairs(kept) do table.insert(reply, value) end
return reply`;

/**
 * Gives back ARGV[1] requests and ARGV[2] bytes (negative: bytes used beyond the lease) and
 * keeps the answer sizes told.
 */
const SETTLE = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
${KEEP_ANSWERS}
local fields = {'requests', 'bytes'}
for i = 1, 2 do
  -- 0 - x, not -x: Redis refuses the '-0' that Lua would format for -0.
  local back = math.floor(tonumber(ARGV[i]))
  if back ~= 0 and redis.call('HINCRBY', KEYS[1], fields[i], 0 - back) < 0 then
    redis.call('HSET', KEYS[1], fields[i], 0)
  end
end
return 1`;

/** ARGV of TAKE and SETTLE: requests, bytes, then each answer key and size. */
function ledgerArguments(want: LedgerWant): (string | number)[] {
  const answers = Object.entries(want.answers ?? {}).flatMap(([key, size]) => [
    key,
    Math.floor(size),
  ]);
  return [Math.floor(want.requests), Math.floor(want.bytes), ...answers];
}

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
          ...ledgerArguments(want),
        )) as (number | string)[];
        if (reply[0] === -1)
          throw new Error('the run has no budget ledger (expired or never opened)');
        const [requests, bytes, requestsLeft, bytesLeft, remainingMs] = reply
          .slice(0, 5)
          .map(Number);
        const grant = {
          requests: requests!,
          bytes: bytes!,
          requestsLeft: requestsLeft!,
          bytesLeft: bytesLeft!,
          remainingMs: remainingMs!,
        };
        if (reply.length === 5) return grant;
        const answers: Record<string, number> = {};
        for (let i = 5; i + 1 < reply.length; i += 2)
          answers[String(reply[i])] = Number(reply[i + 1]);
        return { ...grant, answers };
      },
      settle: async (unused: LedgerWant): Promise<void> => {
        await this.command('shakedownBudgetSettle')(key, ...ledgerArguments(unused));
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
