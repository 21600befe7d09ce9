import type { Route } from '../../config/config.schema';
import { BudgetExceededError } from '../../http/budget';
import type { Clock } from '../../http/clock';
import { RunCancelledError, type HttpRequest, type HttpResult } from '../../http/http-types';
import { describeOutcome, describeRequest } from '../describe-result';
import type { ProbeContext } from '../probe-context';

/** How often a broken target is asked again while it gets time to recover. */
const RECOVERY_POLL_MS = 500;
const NOTE = 'health check';

/** The target stopped being healthy: the run stops sending; `message` is the checks' reason. */
export class TargetBrokenError extends Error {
  override readonly name = 'TargetBrokenError';
}

/** What broke the target, and what the health checks saw after it. */
export interface Breakage {
  /** The last request sent before the health check failed (absent after the load stage). */
  culprit?: HttpResult;
  /** `POST /notes ("…" replaced by arrays nested 5,000 levels deep)`, or `the load stage …`. */
  what: string;
  /** The route the culprit belongs to (where the finding goes). */
  route: string | undefined;
  /** The failed health checks, the recovering one last when there was one. */
  checks: HttpResult[];
  /** Milliseconds from the failure to the first healthy answer; undefined: not within the wait. */
  recoveredAfterMs?: number;
  /** The checks' reason: `the target stopped answering after …`. */
  reason: string;
}

/**
 * The availability check (docs/spec/findings.md "availability"): a cheap request that succeeded
 * before the run, repeated after every request that could harm the target. The first failure
 * is recorded as a {@link Breakage} and ends the run's sending with {@link TargetBrokenError}.
 */
export class HealthMonitor {
  /** Why the check cannot be decided (the health check failed before the run). */
  disabledReason: string | undefined;
  broken: Breakage | undefined;
  /** Why the run stopped sending when it was not this check (cancelled, or the target went away between probes). */
  stoppedReason: string | undefined;
  /** The last request the probes sent (not a health check): the culprit of a failure. */
  private lastSent: HttpResult | undefined;

  constructor(
    private readonly context: ProbeContext,
    private readonly clock: Clock,
    private readonly signal?: AbortSignal,
  ) {}

  /** Every request of the run passes here (the engine's `onResult`). */
  observe(result: HttpResult): void {
    if (result.request.note !== NOTE) this.lastSent = result;
  }

  /** The health request: `target.healthcheck.path`, else the first GET route not rate limited, else the base URL. */
  request(): HttpRequest {
    const { config, primary } = this.context;
    const path = config.target.healthcheck.path;
    const route = config.routes.find(
      (candidate) =>
        candidate.method === 'GET' &&
        !candidate.rateLimit?.expected &&
        !candidate.path.includes('{'),
    );
    if (path === undefined && route !== undefined) {
      return { ...this.context.buildRequest(route, primary), note: NOTE, on429: 'answer' };
    }
    return {
      method: 'GET',
      url: path === undefined ? config.target.baseUrl : this.context.url(path),
      headers: { ...primary.headers },
      note: NOTE,
      on429: 'answer',
    };
  }

  /** Before the run: the health check must succeed, else the check is skipped for the run. */
  async baseline(): Promise<void> {
    const failed = await this.failure();
    if (failed) {
      this.disabledReason = `the health check ${describeRequest(failed)} ${describeOutcome(failed)} before the run, so it cannot tell when a request breaks the target (set target.healthcheck.path)`;
    }
  }

  /** After a request that could harm the target (`culprit`, default: the last one sent). */
  async afterRisky(culprit?: HttpResult): Promise<void> {
    const suspect = culprit ?? this.lastSent;
    if (!suspect) return;
    await this.verify(suspect, describeSent(suspect), suspect.request.route);
  }

  /** After the load stage, which sends outside the probes' client. */
  async afterLoad(route: Route, requests: number): Promise<void> {
    await this.verify(
      undefined,
      `the load stage (${requests} requests to ${route.method} ${route.path})`,
      route.id,
    );
  }

  private async verify(culprit: HttpResult | undefined, what: string, route: string | undefined) {
    if (this.disabledReason !== undefined || this.broken) return;
    const failed = await this.failure();
    if (!failed) return;
    const checks = [failed];
    const started = this.clock.now();
    const wait = this.context.config.target.healthcheck.recoveryWait;
    let recoveredAfterMs: number | undefined;
    while (this.clock.now() - started < wait) {
      await this.clock.sleep(RECOVERY_POLL_MS, this.signal).catch(() => {
        throw new RunCancelledError();
      });
      const again = await this.attempt();
      if (again === undefined) break;
      if (healthy(again)) {
        recoveredAfterMs = Math.round(this.clock.now() - started);
        checks.push(again);
        break;
      }
      if (checks.length < 3) checks.push(again);
    }
    this.broken = {
      ...(culprit ? { culprit } : {}),
      what,
      route,
      checks,
      ...(recoveredAfterMs !== undefined ? { recoveredAfterMs } : {}),
      reason: `the target stopped answering after ${what}`,
    };
    throw new TargetBrokenError(this.broken.reason);
  }

  /**
   * The failed health check, or undefined when the target is healthy (or the run cannot tell).
   * Between probes the engine asks this without blaming a request: every risky one was checked.
   */
  async failure(): Promise<HttpResult | undefined> {
    const first = await this.attempt();
    if (first === undefined || healthy(first)) return undefined;
    // One more try: a single lost connection is not a broken target.
    const second = await this.attempt();
    if (second === undefined || healthy(second)) return undefined;
    return second;
  }

  /** One health request; undefined when the budget refuses it (not a broken target). */
  private async attempt(): Promise<HttpResult | undefined> {
    try {
      return await this.context.http.send(this.request());
    } catch (error) {
      if (error instanceof BudgetExceededError) return undefined;
      throw error;
    }
  }
}

/** Any answer below 500 (a 429 too): the target still works. */
function healthy(result: HttpResult): boolean {
  return result.answer !== undefined && result.answer.status < 500;
}

function describeSent(result: HttpResult): string {
  const note = result.request.note;
  return `${describeRequest(result)}${note ? ` (${note})` : ''}`;
}
