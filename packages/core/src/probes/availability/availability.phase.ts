import type { FindingCode } from '../../findings/catalogue';
import { describeOutcome, describeRequest } from '../describe-result';
import type { Phase } from '../phase';
import type { Breakage, HealthMonitor } from './health-monitor';

export const AVAILABILITY = 'availability.broken_by_request' satisfies FindingCode;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function recovery(broken: Breakage, waitMs: number): string {
  return broken.recoveredAfterMs === undefined
    ? `It had not recovered ${seconds(waitMs)} later.`
    : `It recovered ${seconds(broken.recoveredAfterMs)} after the failed health check.`;
}

/**
 * The availability verdict of every route, settled once the run stopped sending (after the
 * load stage): the route of the request that broke the target fails; the others pass, or are
 * `error` when the run stopped because of it.
 */
export function availabilityPhase(monitor: HealthMonitor): Phase {
  return {
    probe: 'errors',
    codes: [AVAILABILITY],
    sends: false,
    skipReason: () => monitor.disabledReason,
    // eslint-disable-next-line @typescript-eslint/require-await
    async run(context, route, checks) {
      const broken = monitor.broken;
      if (!broken) {
        const stopped = monitor.stoppedReason;
        checks.settle(
          AVAILABILITY,
          stopped === undefined ? { status: 'passed' } : { status: 'error', reason: stopped },
        );
        return;
      }
      if (broken.route !== route.id) {
        checks.settle(AVAILABILITY, { status: 'error', reason: broken.reason });
        return;
      }
      const health = broken.checks[0]!;
      const waitMs = context.config.target.healthcheck.recoveryWait;
      checks.settle(AVAILABILITY, {
        status: 'failed',
        title: `The target stopped working after ${broken.what}`,
        detail: `Right after ${broken.what}, the health check ${describeRequest(health)} ${describeOutcome(health)}, and it had answered before the run. ${recovery(broken, waitMs)} Replay the first exchange of the evidence to reproduce it; the checks after it could not run.`,
        evidence: {
          exchanges: [
            ...(broken.culprit ? [broken.culprit.exchange] : []),
            ...broken.checks.map((check) => check.exchange),
          ],
          recovered: broken.recoveredAfterMs !== undefined,
          ...(broken.recoveredAfterMs !== undefined
            ? { recoveredAfterMs: broken.recoveredAfterMs }
            : {}),
        },
      });
    },
  };
}
