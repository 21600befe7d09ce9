import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@shakedown/nest-infra';
import { ErrorCode } from '@shakedown/core/contract';
import type { Redis } from 'ioredis';

import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from './api-error';

const WINDOW_MS = 60_000;

/**
 * Takes a slot before the lookup, atomically: refused when the address already used up its
 * failures of the window, else counted (the window starts at the first count).
 */
const TAKE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then
  return {0, redis.call('PTTL', KEYS[1])}
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1, 0}
`;

/** Gives a slot back (a lookup that succeeded), never below zero nor past the window. */
const GIVE_BACK = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 1
`;

/**
 * Failed authentications per client address (`RATE_LIMIT_AUTH_FAILURES_PER_MINUTE`), checked
 * before the key or session is looked up in the database: each lookup takes a slot, a
 * successful one gives it back, so only failures stay counted and an address sending unknown
 * keys or cookies gets `429` without costing a query.
 */
@Injectable()
export class AuthFailureLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (!('shakedownAuthFailureTake' in this.redis)) {
      this.redis.defineCommand('shakedownAuthFailureTake', { lua: TAKE, numberOfKeys: 1 });
      this.redis.defineCommand('shakedownAuthFailureGive', { lua: GIVE_BACK, numberOfKeys: 1 });
    }
  }

  private key(ip: string): string {
    return `${this.config.REDIS_PREFIX}:auth-failures:${ip}`;
  }

  /** Runs `lookup` if the address may still fail; a lookup that succeeds is not counted. */
  async guard<T>(ip: string, lookup: () => Promise<T>): Promise<T> {
    const commands = this.redis as unknown as Record<
      string,
      (...input: (string | number)[]) => Promise<number[]>
    >;
    const take = commands.shakedownAuthFailureTake!;
    const limit = this.config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE;
    const [allowed, pttl] = await take.call(this.redis, this.key(ip), limit, WINDOW_MS);
    if (allowed !== 1) {
      const wait = Math.max(1, Math.ceil((pttl ?? WINDOW_MS) / 1000));
      throw new ApiError(
        429,
        ErrorCode.rateLimited,
        `too many failed authentications from this address; retry after ${wait} s`,
        { limit: 'auth-failures', retryAfterSeconds: wait },
        { 'Retry-After': String(wait), RateLimit: `"auth-failures";r=0;t=${wait}` },
      );
    }
    const result = await lookup();
    await commands.shakedownAuthFailureGive!.call(this.redis, this.key(ip));
    return result;
  }
}
