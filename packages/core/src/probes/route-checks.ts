import type { FindingCode } from '../findings/catalogue';
import { RateLimitedError, type HttpAnswer, type HttpResult } from '../http/http-types';
import type { Evidence } from '../report/report.schema';
import { describeOutcome } from './describe-result';

export type CheckOutcome =
  | { status: 'passed' }
  | { status: 'skipped'; reason: string; notApplicable?: true }
  | { status: 'error'; reason: string }
  | { status: 'failed'; title: string; detail: string; evidence: Evidence };

/** What a check that fires reports: the finding's title, detail and evidence. */
export type CheckFailure = Omit<Extract<CheckOutcome, { status: 'failed' }>, 'status'>;

/** How a scope's guards leave a check they have settled; {@link RouteChecks.decide} catches it. */
class CheckEnded extends Error {}

/** The checks of one phase on one route, as the probe settles them. */
export class RouteChecks {
  constructor(
    private readonly pending: (code: FindingCode) => boolean,
    private readonly settleOne: (code: FindingCode, outcome: CheckOutcome) => void,
  ) {}

  /** True while `code` is planned for this route and not yet settled. */
  isPending(code: FindingCode): boolean {
    return this.pending(code);
  }

  /** Settles `code` once; later outcomes for it are ignored. */
  settle(code: FindingCode, outcome: CheckOutcome): void {
    this.settleOne(code, outcome);
  }

  /**
   * Runs one check (or a group sharing requests) when any of `codes` is still pending. Its
   * guards end it early (see {@link CheckScope}), and a 429 it cannot get past makes only those
   * codes `error`; budget, cancellation and policy refusals still end the route's phase.
   */
  async decide(
    codes: readonly FindingCode[],
    check: (scope: CheckScope) => Promise<void>,
  ): Promise<void> {
    if (!codes.some((code) => this.isPending(code))) return;
    const scope = new CheckScope(this, codes);
    try {
      await check(scope);
    } catch (error) {
      if (error instanceof CheckEnded) return;
      if (!(error instanceof RateLimitedError)) throw error;
      for (const code of codes) this.settle(code, { status: 'error', reason: error.message });
    }
  }
}

/**
 * The codes one check decides, with the guards that end it: each settles every code of the
 * check still pending and leaves the check, so the check itself reads as its logic only.
 */
export class CheckScope {
  constructor(
    private readonly checks: RouteChecks,
    readonly codes: readonly FindingCode[],
  ) {}

  /** Settles one code and carries on (checks that decide several codes one by one). */
  settle(code: FindingCode, outcome: CheckOutcome): void {
    this.checks.settle(code, outcome);
  }

  pass(): never {
    return this.end({ status: 'passed' });
  }

  fail(failure: CheckFailure): never {
    return this.end({ status: 'failed', ...failure });
  }

  /** The check cannot be decided on this target (say why, and what to change). */
  skip(reason: string): never {
    return this.end({ status: 'skipped', reason });
  }

  /** The check could not run: the target did not answer, or the run could not afford it. */
  error(reason: string): never {
    return this.end({ status: 'error', reason });
  }

  /** The answer `result` got; without one the check ends as `error`: "`what` got no answer (…)". */
  requireAnswer(result: HttpResult, what: string): HttpAnswer {
    if (result.answer) return result.answer;
    return this.error(`${what} ${describeOutcome(result)}`);
  }

  private end(outcome: CheckOutcome): never {
    for (const code of this.codes) this.checks.settle(code, outcome);
    throw new CheckEnded();
  }
}
