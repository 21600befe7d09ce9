import { randomBytes } from 'node:crypto';

import type { FindingCode } from '../findings/catalogue';
import type { HttpResult } from '../http/http-types';
import { describeRequest, type Phase } from './probe-context';
import { findStackTrace, type StackTraceMatch } from './stack-traces';

const STACK_TRACE_LEAK = 'errors.stack_trace_leak' satisfies FindingCode;

/** Watches every answer of the run, per route, for stack traces and internal paths. */
export class ErrorsObserver {
  private readonly leaks = new Map<string, { result: HttpResult; match: StackTraceMatch }>();
  /** Routes whose own provocations completed, and why the others did not. */
  readonly provoked = new Set<string>();
  readonly provocationFailures = new Map<string, string>();
  /** Set when the run stopped early (target down, cancelled): unseen answers leave the verdict open. */
  stoppedReason: string | undefined;

  observe(result: HttpResult): void {
    const route = result.request.route;
    if (route === undefined || this.leaks.has(route) || !result.answer) return;
    const headers = Object.entries(result.answer.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
    const match = findStackTrace(result.answer.text) ?? findStackTrace(headers);
    if (match) this.leaks.set(route, { result, match });
  }

  leakOf(route: string): { result: HttpResult; match: StackTraceMatch } | undefined {
    return this.leaks.get(route);
  }
}

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
    async run(context, route) {
      try {
        const actor = context.primary;
        const own = await context.sendSample(route, actor, { note: "the route's own request" });
        context.track(route, actor, own);
        if (route.body !== undefined) {
          const text = JSON.stringify(route.body);
          const truncated = await context.send(route, actor, {
            rawBody: `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}{`,
            note: 'truncated JSON, to reach the error handler',
          });
          context.track(route, actor, truncated);
        }
        if (route.resource?.read) {
          await context.read(
            route,
            actor,
            `shakedown-missing-${randomBytes(4).toString('hex')}`,
            'an id that does not exist, to reach the error handler',
          );
        }
        observer.provoked.add(route.id);
      } catch (error) {
        observer.provocationFailures.set(
          route.id,
          error instanceof Error ? error.message : String(error),
        );
        throw error;
      }
    },
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
      const leak = observer.leakOf(route.id);
      if (leak) {
        const { result, match } = leak;
        const excerpt = context.http.masker.maskText(match.excerpt);
        checks.settle(STACK_TRACE_LEAK, {
          status: 'failed',
          title: `An answer carries ${match.kind}`,
          detail: `${describeRequest(result)} answered ${result.answer!.status} with ${match.kind}: "${excerpt}". Return a generic error with a request id and log the details server-side.`,
          evidence: {
            exchanges: [{ ...result.exchange, note: `carries ${match.kind}: ${excerpt}` }],
          },
        });
      } else if (observer.stoppedReason !== undefined) {
        checks.settle(STACK_TRACE_LEAK, { status: 'error', reason: observer.stoppedReason });
      } else if (!observer.provoked.has(route.id)) {
        checks.settle(STACK_TRACE_LEAK, {
          status: 'error',
          reason:
            observer.provocationFailures.get(route.id) ??
            'the error probe could not send its requests',
        });
      } else {
        checks.settle(STACK_TRACE_LEAK, { status: 'passed' });
      }
      return Promise.resolve();
    },
  };
}
