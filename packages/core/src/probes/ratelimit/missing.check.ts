import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import type { HttpResult } from '../../http/http-types';
import { describeRequest, isSuccess, statusSummary } from '../describe-result';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { FOLLOW_UP_RESERVE, burst, type Burst } from './burst';

export const MISSING = 'ratelimit.missing' satisfies FindingCode;

/** The first burst, and its first 429: what the other rate-limit checks examine. */
export interface ThrottledBurst {
  burst: Burst;
  throttled: HttpResult;
}

/**
 * A burst of `rateLimit.burst` requests as tenant A: without any 429 the limit is missing, and
 * the checks that examine a 429 end as skipped with `check`.
 */
export async function checkMissing(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<ThrottledBurst> {
  const owner = context.primary;
  const budget = context.http.budget;
  const wanted = route.rateLimit!.burst;
  const count = Math.max(0, Math.min(wanted, budget.remainingRequests - FOLLOW_UP_RESERVE));
  if (count === 0) {
    check.error(
      `the run's request budget leaves no room for a burst (${budget.remainingRequests} requests left)`,
    );
  }
  const first = await burst(context, route, owner, count, 'burst');
  const throttled = first.throttled[0];
  if (throttled) {
    check.settle(MISSING, { status: 'passed' });
    return { burst: first, throttled };
  }
  if (!first.results.some(isSuccess)) {
    check.skip(
      `the burst never got a 2xx (${statusSummary(first.results) || 'nothing sent'}); check the route's headers`,
    );
  }
  if (count < wanted) {
    check.settle(MISSING, {
      status: 'error',
      reason: `the run's request budget allowed ${count} of the ${wanted} burst requests, and none got 429`,
    });
  } else {
    const last = first.results[first.results.length - 1]!;
    const rate = first.results.length / Math.max(first.ms / 1000, 0.001);
    check.settle(MISSING, {
      status: 'failed',
      title: `${first.results.length} requests in ${(first.ms / 1000).toFixed(1)} s got no 429`,
      detail: `${describeRequest(last)} was sent ${first.results.length} times at about ${Math.round(rate)} requests/s with tenant ${owner.name}'s credentials. Answers: ${statusSummary(first.results)}. No request was throttled.`,
      evidence: {
        exchanges: [first.results[0]!.exchange, last.exchange],
        requests: first.results.length,
        ratePerSecond: Math.round(rate),
      },
    });
  }
  return check.skip('no 429 was observed, so there is no limit to examine');
}
