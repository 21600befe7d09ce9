/** Reading a 429's hints: `Retry-After` and the IETF / de-facto `RateLimit` headers. */

type HeaderRecord = Readonly<Record<string, string>>;

const HINT_HEADER = /^(retry-after|ratelimit|ratelimit-.+|x-ratelimit-.+|x-rate-limit-.+)$/i;

/** True when the answer says when to retry or how the limit stands (docs/spec `ratelimit.no_retry_after`). */
export function hasRateLimitHint(headers: HeaderRecord): boolean {
  return Object.keys(headers).some((name) => HINT_HEADER.test(name));
}

function lower(headers: HeaderRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** A reset value in seconds: a delta, or epoch seconds / milliseconds as some limiters send. */
function resetToMs(value: number, nowEpochMs: number): number {
  if (value > 1e12) return value - nowEpochMs;
  if (value > 1e9) return value * 1000 - nowEpochMs;
  return value * 1000;
}

/**
 * How long a 429 asks the client to wait, in milliseconds, or undefined when it gives no hint.
 * Reads `Retry-After` (seconds or an HTTP date), `RateLimit` (`t=` or `reset=`),
 * `RateLimit-Reset` and `X-RateLimit-Reset`.
 */
export function retryDelayMs(headers: HeaderRecord, nowEpochMs = Date.now()): number | undefined {
  const h = lower(headers);
  const retryAfter = h['retry-after']?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowEpochMs);
  }
  const combined = h['ratelimit'];
  if (combined !== undefined) {
    const match = /(?:^|[;,\s])(?:t|reset)=(\d+(?:\.\d+)?)/.exec(combined);
    if (match) return Number(match[1]) * 1000;
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset']) {
    const value = h[name]?.trim();
    if (value !== undefined && /^\d+(\.\d+)?$/.test(value)) {
      return Math.max(0, resetToMs(Number(value), nowEpochMs));
    }
  }
  return undefined;
}

/** A wait in words: `250 ms`, `2 s`, `1.5 s`. */
export function describeWait(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}
