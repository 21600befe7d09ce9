import { randomInt } from 'node:crypto';

import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import type { HttpResult } from '../../http/http-types';
import { describeOutcome, describeRequest, isSuccess } from '../describe-result';
import type { Actor, ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { FOLLOW_UP_RESERVE, VOLLEY, burst, is429 } from './burst';
import type { ThrottledBurst } from './missing.check';

export const SPOOFABLE = 'ratelimit.spoofable_ip' satisfies FindingCode;

const FORWARDING_HEADERS: [string, (address: string) => string][] = [
  ['X-Forwarded-For', (address) => address],
  ['X-Real-IP', (address) => address],
  ['Forwarded', (address) => `for=${address}`],
];

type Volley =
  | { outcome: 'bypassed'; sent: HttpResult[] }
  | { outcome: 'not-trusted' | 'window-ended' | 'error'; last: HttpResult };

/**
 * Once throttled, each forwarding header is tried with a volley: {@link VOLLEY} requests with a
 * fresh address each and as many without, in random order. Only when every fresh address gets
 * through and every request without it is still throttled does the limiter trust the header.
 */
export async function checkSpoofableIp(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
  first: ThrottledBurst,
): Promise<void> {
  const owner = context.primary;
  let lastThrottled = first.throttled;
  let rebursts = 0;
  for (let index = 0; index < FORWARDING_HEADERS.length; index += 1) {
    const [name, format] = FORWARDING_HEADERS[index]!;
    const volley = await sendVolley(context, route, owner, name, format);
    if (volley.outcome === 'bypassed') {
      const rotated = volley.sent.find((result) => name in result.exchange.request.headers)!;
      check.fail({
        title: `The rate limit is bypassed with a fresh ${name} header`,
        detail: `After the burst got 429, ${describeRequest(rotated)} was sent ${2 * VOLLEY} times in random order: the ${VOLLEY} requests with a fresh ${name}, a different address each, all answered 2xx; the ${VOLLEY} without it all still got 429. The limiter trusts a header any client can set.`,
        evidence: { exchanges: [lastThrottled.exchange, ...volley.sent.map((r) => r.exchange)] },
      });
    }
    if (volley.outcome === 'error') {
      check.error(`a request of the ${name} volley ${describeOutcome(volley.last)}`);
    }
    if (volley.outcome === 'not-trusted') continue;
    // A request without the header got through: the limit window ended. Throttle again once.
    const burstSize = first.burst.planned;
    if (rebursts === 0 && context.http.budget.remainingRequests > burstSize + FOLLOW_UP_RESERVE) {
      rebursts += 1;
      const again = await burst(context, route, owner, burstSize, 'second burst');
      if (again.throttled[0]) {
        lastThrottled = again.throttled[0];
        index -= 1;
        continue;
      }
    }
    check.skip(
      `while testing ${name}, the same request without it got ${volley.last.answer!.status} again (the limit window had ended), so a bypass could not be confirmed`,
    );
  }
  check.pass();
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

/** A fresh address from the documentation ranges each time: plainly made up in the evidence. */
function freshAddress(): string {
  const prefixes = ['192.0.2', '198.51.100', '203.0.113'];
  return `${prefixes[randomInt(prefixes.length)]!}.${randomInt(1, 255)}`;
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
