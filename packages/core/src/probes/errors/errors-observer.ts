import type { HttpResult } from '../../http/http-types';
import { findStackTrace, type StackTraceMatch } from './stack-traces';

/** An answer that carries a stack trace or an internal path, and what it carries. */
export interface Leak {
  result: HttpResult;
  match: StackTraceMatch;
}

/** Watches every answer of the run, per route, for stack traces and internal paths. */
export class ErrorsObserver {
  private readonly leaks = new Map<string, Leak>();
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

  leakOf(route: string): Leak | undefined {
    return this.leaks.get(route);
  }
}
