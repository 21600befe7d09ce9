import type { FindingCode } from '../../findings/catalogue';
import type { Phase } from '../phase';
import { twoTenantsMissing } from '../two-tenants';
import { IP_ONLY, checkIpOnly, sendOtherTenantFirst } from './ip-only.check';
import { MISSING, checkMissing } from './missing.check';
import { NO_RETRY_AFTER, judgeNoRetryAfter } from './no-retry-after.check';
import { SPOOFABLE, checkSpoofableIp } from './spoofable-ip.check';

const CODES = [MISSING, SPOOFABLE, NO_RETRY_AFTER, IP_ONLY] as const;

/** ratelimit: throttles and their bypasses, run late so the bursts do not throttle other probes. */
export const ratelimitPhase: Phase = {
  probe: 'ratelimit',
  codes: CODES satisfies readonly FindingCode[],
  sends: true,
  skipReason(context, route, code) {
    if (!route.rateLimit?.expected) return 'the route does not declare rateLimit.expected';
    if (code === IP_ONLY) {
      // Nobody signs a public route's requests (sign-in, sign-up): the address is all it has.
      if (route.public) return 'the route is public (public: true): it can only limit by address';
      return twoTenantsMissing(context);
    }
    return undefined;
  },
  async run(context, route, checks) {
    // Every check examines the same burst: one scope, whose first 429 the others start from.
    await checks.decide(CODES, async (check) => {
      const other = context.secondary;
      const before =
        other && checks.isPending(IP_ONLY)
          ? await sendOtherTenantFirst(context, route, check, other)
          : undefined;
      const first = await checkMissing(context, route, check);
      check.settle(NO_RETRY_AFTER, judgeNoRetryAfter(first.burst));
      if (other && before) {
        await checks.decide([IP_ONLY], (ipOnly) =>
          checkIpOnly(context, route, ipOnly, { other, before, throttled: first.throttled }),
        );
      }
      await checks.decide([SPOOFABLE], (spoofable) =>
        checkSpoofableIp(context, route, spoofable, first),
      );
    });
  },
};
