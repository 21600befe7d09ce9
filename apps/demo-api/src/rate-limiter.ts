import type { IncomingMessage } from 'node:http';

import type { HasDefect } from './defects';
import { HttpError } from './http-io';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Fixed windows per caller: 429 past the limit, with RateLimit headers unless a defect drops them. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly has: HasDefect,
  ) {}

  /** Counts the request; returns the headers to answer with, or throws 429. */
  take(request: IncomingMessage, tenant: string | undefined): Record<string, string> {
    const { has, limit } = this;
    const forwarded = request.headers['x-forwarded-for'];
    const claimed = typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined;
    // Correct: the socket's address (no proxy is trusted). The defect believes X-Forwarded-For.
    const address =
      has('ratelimit.spoofable_ip') && claimed
        ? claimed
        : (request.socket.remoteAddress ?? 'unknown');
    const key = has('ratelimit.ip_only') ? address : `${tenant ?? 'anonymous'}|${address}`;
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= limit.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.start + limit.windowMs - now) / 1000));
    const hints: Record<string, string> = has('ratelimit.no_retry_after')
      ? {}
      : {
          'ratelimit-limit': String(limit.limit),
          'ratelimit-remaining': String(Math.max(0, limit.limit - window.count)),
          'ratelimit-reset': String(resetSeconds),
        };
    if (window.count > limit.limit) {
      const retry: Record<string, string> = has('ratelimit.no_retry_after')
        ? {}
        : { 'retry-after': String(resetSeconds) };
      throw new HttpError(429, 'too many requests', { ...hints, ...retry });
    }
    if (this.windows.size > 10_000) this.windows.clear();
    return hints;
  }
}
