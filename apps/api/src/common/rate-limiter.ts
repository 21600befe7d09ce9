import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@shakedown/nest-infra';
import { ErrorCode } from '@shakedown/core/contract';
import type { Redis } from 'ioredis';

import { ApiError } from './api-error';

import { APP_CONFIG, type AppConfig } from '../config/app-config';

export interface Bucket {
  /** Shown in `RateLimit-Policy`, e.g. `org` or `sign-in`. */
  name: string;
  /** Distinguishes callers, e.g. the organisation id or the client address. */
  id: string;
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The tightest bucket: the one the headers describe. */
  bucket: Bucket;
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
  /** Until a request would be allowed (0 when allowed). */
  retryAfterMs: number;
}

/**
 * GCRA over several buckets at once, in one Lua call: a request passes only when every bucket
 * allows it, and only then is it counted in all of them. Redis time, so API processes agree.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local retry = 0
local tightest = 1
local tightestRemaining = nil
local tightestReset = 0
local tats = {}
for i = 1, #KEYS do
  local limit = tonumber(ARGV[i * 2 - 1])
  local period = tonumber(ARGV[i * 2])
  local interval = period / limit
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  local newTat = tat + interval
  local allowAt = newTat - period
  if now < allowAt then
    local wait = math.ceil(allowAt - now)
    if wait > retry then retry = wait; tightest = i end
    tightestRemaining = 0
  end
  tats[i] = newTat
  local remaining = math.floor((period - (newTat - now)) / interval)
  if remaining < 0 then remaining = 0 end
  if retry == 0 and (tightestRemaining == nil or remaining < tightestRemaining) then
    tightestRemaining = remaining
    tightest = i
    tightestReset = math.ceil(newTat - now)
  end
end
if retry > 0 then
  return {0, tightest, 0, retry, retry}
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], tostring(tats[i]), 'PX', math.max(1, math.ceil(tats[i] - now)))
end
return {1, tightest, tightestRemaining, tightestReset, 0}
`;

@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // EVALSHA after the first call: the script is not sent with every request.
    if (!('shakedownRateLimit' in this.redis)) {
      this.redis.defineCommand('shakedownRateLimit', { lua: SCRIPT });
    }
  }

  async consume(buckets: Bucket[]): Promise<RateDecision> {
    const keys = buckets.map(
      (bucket) => `${this.config.REDIS_PREFIX}:rl:${bucket.name}:${bucket.id}`,
    );
    const args = buckets.flatMap((bucket) => [String(bucket.limit), String(bucket.windowMs)]);
    const command = (
      this.redis as unknown as Record<string, (...input: (string | number)[]) => Promise<number[]>>
    ).shakedownRateLimit!;
    const [allowed, index, remaining, resetMs, retryAfterMs] = await command.call(
      this.redis,
      keys.length,
      ...keys,
      ...args,
    );
    return {
      allowed: allowed === 1,
      bucket: buckets[(index ?? 1) - 1] ?? buckets[0]!,
      remaining: remaining ?? 0,
      resetMs: resetMs ?? 0,
      retryAfterMs: retryAfterMs ?? 0,
    };
  }
}

/** `RateLimit-Policy` and `RateLimit` (IETF httpapi draft), plus `Retry-After` when refused. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const { bucket } = decision;
  const headers: Record<string, string> = {
    'RateLimit-Policy': `"${bucket.name}";q=${bucket.limit};w=${Math.ceil(bucket.windowMs / 1000)}`,
    RateLimit: `"${bucket.name}";r=${decision.remaining};t=${Math.ceil(
      (decision.allowed ? decision.resetMs : decision.retryAfterMs) / 1000,
    )}`,
  };
  if (!decision.allowed) {
    headers['Retry-After'] = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  }
  return headers;
}

/** The 429 of a refused decision, with its `Retry-After` and `RateLimit` headers. */
export function tooManyRequests(decision: RateDecision): ApiError {
  const headers = rateLimitHeaders(decision);
  return new ApiError(
    429,
    ErrorCode.rateLimited,
    `too many requests (${decision.bucket.name} limit: ${decision.bucket.limit} per ${decision.bucket.windowMs / 1000} s); retry after ${headers['Retry-After']} s`,
    { limit: decision.bucket.name, retryAfterSeconds: Number(headers['Retry-After']) },
    headers,
  );
}
