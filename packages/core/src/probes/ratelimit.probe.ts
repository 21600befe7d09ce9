import { randomInt } from 'node:crypto';

import type { Route } from '../config/config.schema';
import type { FindingCode } from '../findings/catalogue';
import type { HttpResult } from '../http/http-types';
import { hasRateLimitHint } from '../http/rate-limit-hints';
import {
  describeOutcome,
  describeRequest,
  isSuccess,
  statusSummary,
  type Actor,
  type Phase,
  type ProbeContext,
  type RouteChecks,
} from './probe-context';

const MISSING = 'ratelimit.missing' satisfies FindingCode;
const SPOOFABLE = 'ratelimit.spoofable_ip' satisfies FindingCode;
const NO_RETRY_AFTER = 'ratelimit.no_retry_after' satisfies FindingCode;
const IP_ONLY = 'ratelimit.ip_only' satisfies FindingCode;
/** Requests of a burst in flight at once; the budget's maxRps paces them. */
const BURST_CONCURRENCY = 8;
/**
 * Requests with a fresh address, and as many without the header, in one volley. A limiter that
 * refills continuously (token bucket, GCRA) lets a request through now and then whatever its
 * headers; in random order, such luck matches the header on all of them once in C(16, 8) = 12,870
 * volleys, while a limiter that trusts the header lets every fresh address through.
 */
const VOLLEY = 8;
/** Requests kept back from the burst for the follow-up checks: a full volley and some. */
const FOLLOW_UP_RESERVE = 2 * VOLLEY + 8;

function is429(result: HttpResult): boolean {
  return result.answer?.status === 429;
}

/** A fresh address from the documentation ranges each time: plainly made up in the evidence. */
function freshAddress(): string {
  const prefixes = ['192.0.2', '198.51.100', '203.0.113'];
  return `${prefixes[randomInt(prefixes.length)]!}.${randomInt(1, 255)}`;
}

interface Burst {
  results: HttpResult[];
  throttled: HttpResult[];
  planned: number;
  ms: number;
}

/** Sends up to `count` requests as fast as the budget allows; stops issuing at the first 429. */
async function burst(
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
  return {
    results,
    throttled: results.filter(is429),
    planned: count,
    ms: performance.now() - started,
  };
}

async function checkRateLimit(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
): Promise<void> {
  const owner = context.primary;
  const other = context.secondary;
  const budget = context.http.budget;
  const wanted = route.rateLimit!.burst;

  let otherBefore: HttpResult | undefined;
  if (checks.isPending(IP_ONLY) && other) {
    otherBefore = await context.sendSample(route, other, {
      on429: 'answer',
      note: `tenant ${other.name} before tenant ${owner.name}'s burst`,
    });
    if (!otherBefore.answer) {
      checks.settle(IP_ONLY, {
        status: 'error',
        reason: `tenant ${other.name}'s request ${describeOutcome(otherBefore)}`,
      });
    } else if (is429(otherBefore)) {
      checks.settle(IP_ONLY, {
        status: 'skipped',
        reason: `tenant ${other.name} was already throttled before tenant ${owner.name}'s burst`,
      });
    }
  }

  const count = Math.max(0, Math.min(wanted, budget.remainingRequests - FOLLOW_UP_RESERVE));
  if (count === 0) {
    const reason = `the run's request budget leaves no room for a burst (${budget.remainingRequests} requests left)`;
    for (const code of [MISSING, SPOOFABLE, NO_RETRY_AFTER, IP_ONLY] as const) {
      checks.settle(code, { status: 'error', reason });
    }
    return;
  }
  const first = await burst(context, route, owner, count, 'burst');
  if (first.throttled.length === 0) {
    const accepted = first.results.filter(isSuccess);
    const noLimit = 'no 429 was observed, so there is no limit to examine';
    if (accepted.length === 0) {
      const reason = `the burst never got a 2xx (${statusSummary(first.results) || 'nothing sent'}); check the route's headers`;
      for (const code of [MISSING, SPOOFABLE, NO_RETRY_AFTER, IP_ONLY] as const)
        checks.settle(code, { status: 'skipped', reason });
      return;
    }
    if (count < wanted) {
      checks.settle(MISSING, {
        status: 'error',
        reason: `the run's request budget allowed ${count} of the ${wanted} burst requests, and none got 429`,
      });
    } else {
      const last = first.results[first.results.length - 1]!;
      const rate = first.results.length / Math.max(first.ms / 1000, 0.001);
      checks.settle(MISSING, {
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
    for (const code of [SPOOFABLE, NO_RETRY_AFTER, IP_ONLY] as const)
      checks.settle(code, { status: 'skipped', reason: noLimit });
    return;
  }
  checks.settle(MISSING, { status: 'passed' });
  const firstThrottled = first.throttled[0]!;

  const bare = first.throttled.find((result) => !hasRateLimitHint(result.answer!.headers));
  checks.settle(
    NO_RETRY_AFTER,
    bare
      ? {
          status: 'failed',
          title: 'A 429 does not say when to retry',
          detail: `${describeRequest(bare)} answered 429 with neither Retry-After nor RateLimit / RateLimit-* / X-RateLimit-* headers, so clients retry at once.`,
          evidence: { exchanges: [bare.exchange] },
        }
      : { status: 'passed' },
  );

  if (checks.isPending(IP_ONLY) && other && otherBefore) {
    const otherAfter = await context.sendSample(route, other, {
      on429: 'answer',
      note: `tenant ${other.name}'s first request after tenant ${owner.name}'s burst, from the same address`,
    });
    if (!otherAfter.answer) {
      checks.settle(IP_ONLY, {
        status: 'error',
        reason: `tenant ${other.name}'s request ${describeOutcome(otherAfter)}`,
      });
    } else if (is429(otherAfter)) {
      checks.settle(IP_ONLY, {
        status: 'failed',
        title: `Tenant ${other.name} is throttled by tenant ${owner.name}'s traffic`,
        detail: `Tenant ${other.name}'s request answered ${otherBefore.answer!.status} before the burst. After tenant ${owner.name}'s burst got 429, tenant ${other.name}'s first request from the same address also got 429: the limit is keyed by address alone.`,
        evidence: {
          exchanges: [otherBefore.exchange, firstThrottled.exchange, otherAfter.exchange],
        },
      });
    } else {
      checks.settle(IP_ONLY, { status: 'passed' });
    }
  }

  if (checks.isPending(SPOOFABLE))
    await checkSpoofable(context, route, checks, owner, firstThrottled, count);
}

type Volley =
  | { outcome: 'bypassed'; sent: HttpResult[] }
  | { outcome: 'not-trusted' | 'window-ended' | 'error'; last: HttpResult };

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** Sends the volley in random order; stops at the first answer that contradicts a bypass. */
async function sendVolley(
  context: ProbeContext,
  route: Route,
  owner: Actor,
  name: string,
  format: (address: string) => string,
): Promise<Volley> {
  const addresses = new Set<string>();
  while (addresses.size < VOLLEY) addresses.add(freshAddress());
  const fresh = [...addresses];
  const order = shuffled([
    ...fresh.map((address) => ({ value: format(address) })),
    ...fresh.map(() => ({ value: undefined })),
  ]);
  const sent: HttpResult[] = [];
  for (const [index, { value }] of order.entries()) {
    const result = await context.sendSample(route, owner, {
      ...(value === undefined ? {} : { headers: { [name]: value } }),
      on429: 'answer',
      note:
        value === undefined
          ? `volley request ${index + 1} of ${order.length}: without ${name}`
          : `volley request ${index + 1} of ${order.length}: ${name}: ${value} (a fresh address)`,
    });
    context.track(route, owner, result);
    sent.push(result);
    if (!result.answer) return { outcome: 'error', last: result };
    if (value !== undefined && !isSuccess(result)) return { outcome: 'not-trusted', last: result };
    if (value === undefined && !is429(result)) return { outcome: 'window-ended', last: result };
  }
  return { outcome: 'bypassed', sent };
}

async function checkSpoofable(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
  owner: Actor,
  throttled: HttpResult,
  burstSize: number,
): Promise<void> {
  const headers: [string, (address: string) => string][] = [
    ['X-Forwarded-For', (address) => address],
    ['X-Real-IP', (address) => address],
    ['Forwarded', (address) => `for=${address}`],
  ];
  let lastThrottled = throttled;
  let rebursts = 0;
  for (let index = 0; index < headers.length; index += 1) {
    const [name, format] = headers[index]!;
    const volley = await sendVolley(context, route, owner, name, format);
    if (volley.outcome === 'bypassed') {
      const rotated = volley.sent.find((result) => name in result.exchange.request.headers)!;
      checks.settle(SPOOFABLE, {
        status: 'failed',
        title: `The rate limit is bypassed with a fresh ${name} header`,
        detail: `After the burst got 429, ${describeRequest(rotated)} was sent ${2 * VOLLEY} times in random order: the ${VOLLEY} requests with a fresh ${name}, a different address each, all answered 2xx; the ${VOLLEY} without it all still got 429. The limiter trusts a header any client can set.`,
        evidence: { exchanges: [lastThrottled.exchange, ...volley.sent.map((r) => r.exchange)] },
      });
      return;
    }
    if (volley.outcome === 'error') {
      checks.settle(SPOOFABLE, {
        status: 'error',
        reason: `a request of the ${name} volley ${describeOutcome(volley.last)}`,
      });
      return;
    }
    if (volley.outcome === 'not-trusted') continue;
    // A request without the header got through: the limit window ended. Throttle again once.
    if (rebursts === 0 && context.http.budget.remainingRequests > burstSize + FOLLOW_UP_RESERVE) {
      rebursts += 1;
      const again = await burst(context, route, owner, burstSize, 'second burst');
      if (again.throttled[0]) {
        lastThrottled = again.throttled[0];
        index -= 1;
        continue;
      }
    }
    checks.settle(SPOOFABLE, {
      status: 'skipped',
      reason: `while testing ${name}, the same request without it got ${volley.last.answer!.status} again (the limit window had ended), so a bypass could not be confirmed`,
    });
    return;
  }
  checks.settle(SPOOFABLE, { status: 'passed' });
}

/** ratelimit: throttles and their bypasses, run late so the bursts do not throttle other probes. */
export const ratelimitPhase: Phase = {
  probe: 'ratelimit',
  codes: [MISSING, SPOOFABLE, NO_RETRY_AFTER, IP_ONLY] satisfies FindingCode[],
  sends: true,
  skipReason(context, route, code) {
    if (!route.rateLimit?.expected) return 'the route does not declare rateLimit.expected';
    if (code === IP_ONLY) {
      if (context.tenants.length === 0) return 'no tenants configured; this check needs two';
      if (context.tenants.length === 1) return 'only one tenant configured; this check needs two';
    }
    return undefined;
  },
  async run(context, route, checks) {
    await checkRateLimit(context, route, checks);
  },
};
