import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import { describeRequest } from '../describe-result';
import type { ProbeContext } from '../probe-context';
import type { CheckOutcome } from '../route-checks';
import type { ErrorsObserver } from './errors-observer';

export const STACK_TRACE_LEAK = 'errors.stack_trace_leak' satisfies FindingCode;

/**
 * Any answer of the run on the route that carried a stack trace or an internal path fires; with
 * none, the verdict stays open when the run stopped early or the provocations could not be sent.
 */
export function judgeStackTraceLeak(
  context: ProbeContext,
  route: Route,
  observer: ErrorsObserver,
): CheckOutcome {
  const leak = observer.leakOf(route.id);
  if (leak) {
    const { result, match } = leak;
    const excerpt = context.http.masker.maskText(match.excerpt);
    return {
      status: 'failed',
      title: `An answer carries ${match.kind}`,
      detail: `${describeRequest(result)} answered ${result.answer!.status} with ${match.kind}: "${excerpt}". Return a generic error with a request id and log the details server-side.`,
      evidence: {
        exchanges: [{ ...result.exchange, note: `carries ${match.kind}: ${excerpt}` }],
      },
    };
  }
  if (observer.stoppedReason !== undefined) {
    return { status: 'error', reason: observer.stoppedReason };
  }
  if (!observer.provoked.has(route.id)) {
    return {
      status: 'error',
      reason:
        observer.provocationFailures.get(route.id) ?? 'the error probe could not send its requests',
    };
  }
  return { status: 'passed' };
}
