import type { FindingCode } from '../../findings/catalogue';
import { paddedBody } from '../body-mutations';
import type { Phase } from '../phase';
import { OVERSIZE_5XX, judgeOversize5xx } from './oversize-5xx.check';
import { OVERSIZE_ACCEPTED, judgeOversizeAccepted } from './oversize-accepted.check';
import { MB, formatSize, oversizeSteps, sendOversizedBodies } from './oversized-bodies';

/** payload: bodies above the route's maxBodyBytes (docs/spec/findings.md). */
export const payloadPhase: Phase = {
  probe: 'payload',
  codes: [OVERSIZE_ACCEPTED, OVERSIZE_5XX] satisfies FindingCode[],
  sends: true,
  skipReason(context, route) {
    if (route.body === undefined) return 'the route has no sample body';
    const smallest = oversizeSteps(route.maxBodyBytes)[0]!;
    if (!paddedBody(route.body, smallest)) {
      return `the sample body is neither a JSON object nor a string under ${formatSize(smallest)}, so it cannot be padded`;
    }
    if (smallest > context.config.target.budget.maxBytes - MB) {
      return `the run's byte budget (maxBytes ${formatSize(context.config.target.budget.maxBytes)}) cannot fit a ${formatSize(smallest)} body`;
    }
    return undefined;
  },
  async run(context, route, checks) {
    // Both checks judge the same oversized requests.
    await checks.decide([OVERSIZE_ACCEPTED, OVERSIZE_5XX], async (check) => {
      const bodies = await sendOversizedBodies(context, route, check);
      check.settle(OVERSIZE_ACCEPTED, judgeOversizeAccepted(bodies));
      check.settle(OVERSIZE_5XX, judgeOversize5xx(bodies));
    });
  },
};
