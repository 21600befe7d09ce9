import type { Route } from '../../config/config.schema';
import type { HttpResult } from '../../http/http-types';
import type { Actor, ProbeContext } from '../probe-context';

/** Requests of a burst in flight at once; the budget's maxRps paces them. */
const BURST_CONCURRENCY = 8;
/**
 * Requests with a fresh address, and as many without the header, in one volley. A limiter that
 * refills continuously (token bucket, GCRA) lets a request through now and then whatever its
 * headers; in random order, such luck matches the header on all of them once in C(16, 8) = 12,870
 * volleys, while a limiter that trusts the header lets every fresh address through.
 */
export const VOLLEY = 8;
/** Requests kept back from the burst for the follow-up checks: a full volley and some. */
export const FOLLOW_UP_RESERVE = 2 * VOLLEY + 8;

export function is429(result: HttpResult): boolean {
  return result.answer?.status === 429;
}

export interface Burst {
  results: HttpResult[];
  throttled: HttpResult[];
  planned: number;
  ms: number;
}

/** Sends up to `count` requests as fast as the budget allows; stops issuing at the first 429. */
export async function burst(
  context: ProbeContext,
  route: Route,
  actor: Actor,
  count: number,
  label: string,
): Promise<Burst> {
  const results: HttpResult[] = [];
  let issued = 0;
  let throttled = false;
  const started = performance.now();
  const worker = async () => {
    while (!throttled && issued < count) {
      issued += 1;
      const result = await context.sendSample(route, actor, {
        on429: 'answer',
        note: `${label} request ${issued} of up to ${count}`,
      });
      context.track(route, actor, result);
      results.push(result);
      if (is429(result)) throttled = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(BURST_CONCURRENCY, count) }, worker));
  await context.afterRisky(results.at(-1));
  return {
    results,
    throttled: results.filter(is429),
    planned: count,
    ms: performance.now() - started,
  };
}
