import type { FindingCode } from '../../findings/catalogue';
import { hasRateLimitHint } from '../../http/rate-limit-hints';
import { describeRequest } from '../describe-result';
import type { CheckOutcome } from '../route-checks';
import type { Burst } from './burst';

export const NO_RETRY_AFTER = 'ratelimit.no_retry_after' satisfies FindingCode;

/** Every 429 of the burst must say when to retry (Retry-After or a RateLimit header). */
export function judgeNoRetryAfter(first: Burst): CheckOutcome {
  const bare = first.throttled.find((result) => !hasRateLimitHint(result.answer!.headers));
  if (!bare) return { status: 'passed' };
  return {
    status: 'failed',
    title: 'A 429 does not say when to retry',
    detail: `${describeRequest(bare)} answered 429 with neither Retry-After nor RateLimit / RateLimit-* / X-RateLimit-* headers, so clients retry at once.`,
    evidence: { exchanges: [bare.exchange] },
  };
}
