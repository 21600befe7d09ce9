import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import type { HttpResult } from '../../http/http-types';
import { describeOutcome } from '../describe-result';
import type { Actor, ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { is429 } from './burst';

export const IP_ONLY = 'ratelimit.ip_only' satisfies FindingCode;

/**
 * Tenant B's request before tenant A's burst. When it gets no answer, or is throttled already,
 * the check is settled here (error, skipped).
 */
export async function sendOtherTenantFirst(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
  other: Actor,
): Promise<HttpResult> {
  const owner = context.primary;
  const before = await context.sendSample(route, other, {
    on429: 'answer',
    note: `tenant ${other.name} before tenant ${owner.name}'s burst`,
  });
  if (!before.answer) {
    check.settle(IP_ONLY, {
      status: 'error',
      reason: `tenant ${other.name}'s request ${describeOutcome(before)}`,
    });
  } else if (is429(before)) {
    check.settle(IP_ONLY, {
      status: 'skipped',
      reason: `tenant ${other.name} was already throttled before tenant ${owner.name}'s burst`,
    });
  }
  return before;
}

/** After tenant A's burst got 429, tenant B's first request from the same address must get through. */
export async function checkIpOnly(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
  seen: { other: Actor; before: HttpResult; throttled: HttpResult },
): Promise<void> {
  const { other, before, throttled } = seen;
  const owner = context.primary;
  const after = await context.sendSample(route, other, {
    on429: 'answer',
    note: `tenant ${other.name}'s first request after tenant ${owner.name}'s burst, from the same address`,
  });
  check.requireAnswer(after, `tenant ${other.name}'s request`);
  if (!is429(after)) check.pass();
  check.fail({
    title: `Tenant ${other.name} is throttled by tenant ${owner.name}'s traffic`,
    detail: `Tenant ${other.name}'s request answered ${before.answer!.status} before the burst. After tenant ${owner.name}'s burst got 429, tenant ${other.name}'s first request from the same address also got 429: the limit is keyed by address alone.`,
    evidence: { exchanges: [before.exchange, throttled.exchange, after.exchange] },
  });
}
