import { asArray, isObject, type Json } from './json';
import type { Operation } from './operations';

/** Sign-in, sign-up, token and one-time-code routes: brute force is their threat. */
const AUTH_STYLE =
  /sign[-_]?in|log[-_]?in|sign[-_]?up|register|\btoken\b|\/token|\botp\b|verify|magic[-_]?link/i;
const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-.*)?$|^retry-after$/i;
/** Burst for an auth-style route whose limit the document does not state: a login form that
 * lets this many attempts through in a few seconds is not limited in any useful way. */
const AUTH_BURST = 60;
/** Above this, a burst would eat the run's budget; such a limit is left to a person. */
const MAX_BURST = 1_000;

export interface RateLimitPlan {
  burst: number;
  /** Why the route is expected to be limited, for the YAML comment. */
  because: string;
}

/**
 * Whether a route should answer 429 to a burst, and how large the burst must be to show it.
 * Auth-style routes always (guessing passwords must be slowed). Other routes only when the
 * document declares a limit with a number: a 429 response or `RateLimit`/`X-RateLimit-*`
 * headers without one would need a guessed burst, and a burst below the real limit reports a
 * missing limit that is there (a false positive is worse than a miss).
 */
export function planRateLimit(
  operation: Operation,
  isCreate: boolean,
): { plan?: RateLimitPlan; warning?: string } {
  const authStyle =
    operation.method === 'POST' &&
    AUTH_STYLE.test(`${operation.path} ${operation.operationId ?? ''}`);
  const limit = declaredLimit(operation);
  if (limit !== undefined) {
    const burst = limit + Math.max(5, Math.ceil(limit / 10));
    if (burst <= MAX_BURST) {
      return { plan: { burst, because: `the document states a limit of ${limit}` } };
    }
    if (!authStyle && !isCreate) return {};
    return {
      warning: `the document states a rate limit of ${limit}; a burst past it would take most of the run's budget, so no rate-limit check is drafted`,
    };
  }
  if (authStyle) {
    return {
      plan: { burst: AUTH_BURST, because: 'sign-in and sign-up routes must slow guessing down' },
    };
  }
  if (isCreate && declaresLimit(operation)) {
    return {
      warning:
        'the document declares a rate limit (429) but not its size: add rateLimit { expected: true, burst: N } with N above the limit to check it',
    };
  }
  return {};
}

/** A 429 response, or rate-limit headers on any response. */
export function declaresLimit(operation: Operation): boolean {
  const responses = isObject(operation.operation.responses) ? operation.operation.responses : {};
  if ('429' in responses) return true;
  return Object.values(responses).some((response) => rateLimitHeaders(response).length > 0);
}

function rateLimitHeaders(response: unknown): [string, unknown][] {
  if (!isObject(response) || !isObject(response.headers)) return [];
  return Object.entries(response.headers).filter(([name]) => RATE_LIMIT_HEADER.test(name));
}

/** The number in `X-RateLimit-Limit: 100`, `RateLimit-Policy: 100;w=60` or `RateLimit: limit=100`. */
export function declaredLimit(operation: Operation): number | undefined {
  const responses = isObject(operation.operation.responses) ? operation.operation.responses : {};
  for (const response of Object.values(responses)) {
    for (const [name, header] of rateLimitHeaders(response)) {
      if (/remaining|reset|retry-after/i.test(name)) continue;
      for (const value of headerExamples(header)) {
        const match = /^\s*(\d+)|limit=(\d+)/i.exec(String(value));
        const number = Number(match?.[1] ?? match?.[2]);
        if (Number.isInteger(number) && number > 0) return number;
      }
    }
  }
  return undefined;
}

function headerExamples(header: unknown): unknown[] {
  if (!isObject(header)) return [];
  const schema: Json = isObject(header.schema) ? header.schema : {};
  const examples = isObject(header.examples)
    ? Object.values(header.examples).map((example) =>
        isObject(example) ? example.value : undefined,
      )
    : [];
  return [
    header.example,
    ...examples,
    schema.example,
    ...asArray(schema.examples),
    schema.default,
  ].filter((value) => typeof value === 'string' || typeof value === 'number');
}
