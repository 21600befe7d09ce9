import type { Redis } from 'ioredis';

/** The longest delay between two attempts on one account. */
export const SIGN_IN_DELAY_MAX_MS = 15 * 60 * 1000;
/** Failures are forgotten this long after the last one (and at once on a successful sign-in). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * One atomic step per attempt, before the password is checked: refuse while the account's
 * delay runs, else count the attempt as a failure now (a correct password clears the count
 * afterwards), and once `free` attempts have failed, set the next delay, doubling each time.
 * Concurrent attempts are serialised by Redis: of 20 at once with 10 free, 10 are checked.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(ARGV[1])
local base = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local forget = tonumber(ARGV[4])
local notBefore = tonumber(redis.call('HGET', KEYS[1], 'notBefore') or '0')
if now < notBefore then
  return {0, notBefore - now}
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= free then
  local delay = math.min(cap, base * (2 ^ math.min(failures - free, 30)))
  redis.call('HSET', KEYS[1], 'notBefore', tostring(now + delay))
end
redis.call('PEXPIRE', KEYS[1], forget)
return {1, 0}
`;

export type AttemptDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** The per-account sign-in delay, kept in Redis so every API process agrees. */
export class SignInThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly freeAttempts: number,
    /** The first delay once the free attempts are used up; each further failure doubles it. */
    private readonly firstDelayMs: number,
  ) {
    if (!('shakedownSignInAttempt' in this.redis)) {
      this.redis.defineCommand('shakedownSignInAttempt', { lua: SCRIPT, numberOfKeys: 1 });
    }
  }

  private key(accountHash: string): string {
    return `${this.prefix}:signin-attempts:${accountHash}`;
  }

  /** Takes an attempt (counted as failed until {@link succeeded}) or says how long to wait. */
  async attempt(accountHash: string): Promise<AttemptDecision> {
    const command = (
      this.redis as unknown as Record<string, (...input: (string | number)[]) => Promise<number[]>>
    ).shakedownSignInAttempt!;
    const [allowed, retryAfterMs] = await command.call(
      this.redis,
      this.key(accountHash),
      this.freeAttempts,
      this.firstDelayMs,
      SIGN_IN_DELAY_MAX_MS,
      FORGET_AFTER_MS,
    );
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: retryAfterMs ?? 0 };
  }

  async succeeded(accountHash: string): Promise<void> {
    await this.redis.del(this.key(accountHash));
  }
}
