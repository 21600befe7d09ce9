import type { FindingCode } from '../../findings/catalogue';
import type { Phase } from '../phase';
import { provokeErrors } from './error-provocation';
import type { ErrorsObserver } from './errors-observer';
import { STACK_TRACE_LEAK, judgeStackTraceLeak } from './stack-trace-leak.check';

/**
 * errors, part one: requests likely to reach an error handler (malformed JSON, an id that does
 * not exist), in the healthy part of the run. Every other probe's answers are inspected too.
 */
export function errorsProvocationPhase(observer: ErrorsObserver): Phase {
  return {
    probe: 'errors',
    codes: [],
    sends: true,
    skipReason: () => undefined,
    run: (context, route) => provokeErrors(context, route, observer),
  };
}

/** errors, part two: the verdict per route, once every answer of the run has been seen. */
export function errorsVerdictPhase(observer: ErrorsObserver): Phase {
  return {
    probe: 'errors',
    codes: [STACK_TRACE_LEAK] satisfies FindingCode[],
    sends: false,
    skipReason: () => undefined,
    run(context, route, checks) {
      checks.settle(STACK_TRACE_LEAK, judgeStackTraceLeak(context, route, observer));
      return Promise.resolve();
    },
  };
}
