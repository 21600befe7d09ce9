import { PROBE_NAMES, type Config, type ProbeName, type Route } from '../config/config.schema';
import { CATALOGUE, FINDING_CODES, type FindingCode } from '../findings/catalogue';
import { BudgetExceededError, RunBudget } from '../http/budget';
import { systemClock, type Clock } from '../http/clock';
import { SecretMasker } from '../http/evidence';
import { HttpClient } from '../http/http-client';
import { RateLimitedError, RunCancelledError, type HttpResult } from '../http/http-types';
import { createGuardedConnector } from '../http/guarded-connector';
import { NetworkPolicyError, type NetworkPolicy } from '../http/network-policy';
import { runLoadStage } from '../load/run-load-stage';
import {
  summarise,
  type Check,
  type Finding,
  type LoadReport,
  type Report,
} from '../report/report.schema';
import { errorsProvocationPhase, errorsVerdictPhase } from './errors/errors.probe';
import { ErrorsObserver } from './errors/errors-observer';
import { idempotencyPhase } from './idempotency/idempotency.probe';
import { payloadPhase } from './payload/payload.probe';
import type { Phase } from './phase';
import { ProbeContext } from './probe-context';
import { RouteChecks, type CheckOutcome } from './route-checks';
import { ratelimitPhase } from './ratelimit/ratelimit.probe';
import { schemaRiskyPhase, schemaSafePhase } from './schema/schema.probe';
import { tenantPhase } from './tenant/tenant.probe';

export interface ProbeProgress {
  done: number;
  total: number;
  probe: ProbeName;
  check?: Check;
}

export interface RunProbesOptions {
  /** A subset of probes; default: `config.probes.include`, else every probe the routes allow. */
  include?: ProbeName[];
  /** Cancellation: the run stops within about a second; unfinished checks become `error` ("cancelled"). */
  signal?: AbortSignal;
  onProgress?: (progress: ProbeProgress) => void;
  /** The run log (clean-up results, waits). */
  onLog?: (level: 'info' | 'warn', message: string) => void;
  /** Default: allow everything (the CLI); the hosted service passes its guard. */
  network?: NetworkPolicy;
  clock?: Clock;
  /** For `startedAt` / `finishedAt`. */
  now?: () => Date;
  /**
   * The run's budget, when the caller shares it with a load stage (the hosted worker); default:
   * a new one from `config.target.budget`.
   */
  budget?: RunBudget;
  /** Every request's outcome, answer or transport failure (the worker's request metrics). */
  onResult?: (result: HttpResult) => void;
}

/** The target could not be reached at all before any probe ran (the CLI's exit code 3). */
export class TargetUnreachableError extends Error {
  override readonly name = 'TargetUnreachableError';
}

/**
 * The order of the run (docs/spec/findings.md "Safety"): the checks that need a healthy
 * target first, then the ones that might hurt it (malformed and deeply nested JSON, oversize
 * bodies, rate-limit bursts); the errors verdict last, as it reads every answer of the run.
 */
function phasesFor(observer: ErrorsObserver): Phase[] {
  return [
    idempotencyPhase,
    schemaSafePhase,
    tenantPhase,
    errorsProvocationPhase(observer),
    schemaRiskyPhase,
    payloadPhase,
    ratelimitPhase,
    errorsVerdictPhase(observer),
  ];
}

interface PlannedCheck {
  phase: number;
  route: Route;
  routeIndex: number;
  code: FindingCode;
  check?: Check;
  finding?: Finding;
}

/** The probes a run includes: the option, else the config's list, else all the config allows. */
export function resolveInclude(config: Config, include?: readonly ProbeName[]): ProbeName[] {
  const chosen =
    include ??
    config.probes.include ??
    PROBE_NAMES.filter((name) => name !== 'load' || config.probes.load);
  return PROBE_NAMES.filter((name) => chosen.includes(name));
}

function reasonOf(error: unknown): string {
  if (error instanceof RunCancelledError) return 'cancelled';
  if (
    error instanceof BudgetExceededError ||
    error instanceof RateLimitedError ||
    error instanceof NetworkPolicyError
  ) {
    return error.message;
  }
  return `the probe failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
}

/** Runs the probe suite of `config` against its target and returns the report. */
export async function runProbes(config: Config, options: RunProbesOptions = {}): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? systemClock;
  const log = options.onLog ?? (() => undefined);
  const startedAt = now();
  const include = resolveInclude(config, options.include);
  const observer = new ErrorsObserver();
  const phases = phasesFor(observer);
  const budget = options.budget ?? new RunBudget(config.target.budget, clock);
  const http = new HttpClient({
    budget,
    clock,
    masker: SecretMasker.forConfig(config),
    onResult: (result) => {
      observer.observe(result);
      options.onResult?.(result);
    },
    ...(options.network ? { network: options.network } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const context = new ProbeContext(config, http, log);

  const planned: PlannedCheck[] = [];
  phases.forEach((phase, phaseIndex) => {
    if (!include.includes(phase.probe)) return;
    config.routes.forEach((route, routeIndex) => {
      for (const code of phase.codes) planned.push({ phase: phaseIndex, route, routeIndex, code });
    });
  });
  const loadStage = include.includes('load') ? config.probes.load : undefined;
  /** `load.threshold_failed` and `load.server_errors`, judged on the load route. */
  const loadCheckCount = loadStage ? 2 : 0;
  const total = planned.length + loadCheckCount;
  let done = 0;
  let currentProbe: ProbeName = planned[0] ? phases[planned[0].phase]!.probe : 'idempotency';
  let load: LoadOutcome | undefined;

  const settle = (item: PlannedCheck, outcome: CheckOutcome) => {
    if (item.check) return;
    const check: Check = { code: item.code, route: item.route.id, status: outcome.status };
    if (outcome.status === 'skipped' || outcome.status === 'error') check.reason = outcome.reason;
    item.check = check;
    if (outcome.status === 'failed') {
      const entry = CATALOGUE[item.code];
      item.finding = {
        code: item.code,
        probe: entry.probe,
        route: item.route.id,
        severity: entry.severity,
        // Titles and details quote URLs and answers: secrets are masked there too.
        title: http.masker.maskText(outcome.title),
        detail: http.masker.maskText(outcome.detail),
        evidence: outcome.evidence,
      };
    }
    done += 1;
    options.onProgress?.({ done, total, probe: currentProbe, check });
  };
  const settleRemaining = (reason: string, fromPhase: number) => {
    for (const item of planned)
      if (item.phase >= fromPhase) settle(item, { status: 'error', reason });
  };

  try {
    const reachable = await checkLiveness(context);
    if (reachable !== undefined) {
      if (options.signal?.aborted) {
        settleRemaining('cancelled', 0);
        return buildReport(
          config,
          planned,
          startedAt,
          now(),
          loadStage ? loadNotRun(config, 'cancelled') : undefined,
        );
      }
      throw new TargetUnreachableError(`${config.target.baseUrl} cannot be reached: ${reachable}`);
    }

    let stopped: string | undefined;
    let sentBefore = false;
    for (const [phaseIndex, phase] of phases.entries()) {
      if (!include.includes(phase.probe)) continue;
      const items = planned.filter((item) => item.phase === phaseIndex);
      currentProbe = phase.probe;
      if (stopped === undefined && options.signal?.aborted) stopped = 'cancelled';
      if (stopped === undefined && phase.sends && sentBefore) {
        const down = await checkLiveness(context);
        if (down !== undefined) {
          stopped = options.signal?.aborted ? 'cancelled' : `the target stopped answering: ${down}`;
        }
      }
      if (stopped !== undefined && phase.sends) {
        for (const item of items) settle(item, { status: 'error', reason: stopped });
        continue;
      }
      options.onProgress?.({ done, total, probe: phase.probe });
      observer.stoppedReason = stopped;
      for (const [routeIndex, route] of config.routes.entries()) {
        const routeItems = items.filter((item) => item.routeIndex === routeIndex);
        const pendingItem = (code: FindingCode) =>
          routeItems.find((item) => item.code === code && !item.check);
        const checks = new RouteChecks(
          (code) => pendingItem(code) !== undefined,
          (code, outcome) => {
            const item = pendingItem(code);
            if (item) settle(item, outcome);
          },
        );
        for (const item of routeItems) {
          const reason = phase.skipReason(context, route, item.code);
          if (reason !== undefined) settle(item, { status: 'skipped', reason });
        }
        if (phase.codes.length > 0 && routeItems.every((item) => item.check)) continue;
        try {
          if (options.signal?.aborted) throw new RunCancelledError();
          await phase.run(context, route, checks);
        } catch (error) {
          const reason = reasonOf(error);
          for (const item of routeItems) settle(item, { status: 'error', reason });
          if (error instanceof RunCancelledError) {
            stopped = 'cancelled';
            break;
          }
        }
        for (const item of routeItems) {
          settle(item, { status: 'error', reason: 'the probe did not decide this check' });
        }
      }
      if (stopped !== undefined)
        for (const item of items) settle(item, { status: 'error', reason: stopped });
      if (phase.sends) sentBefore = true;
      if (stopped === undefined && phase.sends) await cleanUp(context, log);
    }
    if (stopped === 'cancelled' && context.pendingCleanUp > 0) {
      log(
        'warn',
        `cancelled: ${context.pendingCleanUp} object(s) the probes created were not deleted`,
      );
    }
    if (loadStage) {
      // The load stage runs last (the spec's safety order), on the same budget.
      currentProbe = 'load';
      options.onProgress?.({ done, total, probe: 'load' });
      if (stopped === undefined && options.signal?.aborted) stopped = 'cancelled';
      if (stopped === undefined && sentBefore) {
        const down = await checkLiveness(context);
        if (down !== undefined) stopped = `the target stopped answering: ${down}`;
      }
      load = await runLoad(config, stopped, {
        budget,
        clock,
        network: options.network,
        signal: options.signal,
      });
      for (const check of load.checks) {
        done += 1;
        options.onProgress?.({ done, total, probe: 'load', check });
      }
      if (load.abortedReason) log('warn', `load stopped early: ${load.abortedReason}`);
    }
  } finally {
    await http.close();
  }
  return buildReport(config, planned, startedAt, now(), load);
}

interface LoadOutcome {
  report?: LoadReport;
  checks: Check[];
  findings: Finding[];
  abortedReason?: string;
}

/** Runs the load stage, or records its checks as `error` when the run has already stopped. */
async function runLoad(
  config: Config,
  stopped: string | undefined,
  options: {
    budget: RunBudget;
    clock: Clock;
    network: NetworkPolicy | undefined;
    signal: AbortSignal | undefined;
  },
): Promise<LoadOutcome> {
  if (stopped !== undefined) return loadNotRun(config, stopped);
  try {
    const result = await runLoadStage(config, {
      budget: options.budget,
      clock: options.clock,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.network ? { connect: createGuardedConnector(options.network) } : {}),
    });
    return {
      report: result.report,
      checks: result.checks,
      findings: result.findings,
      ...(result.abortedReason ? { abortedReason: result.abortedReason } : {}),
    };
  } catch (error) {
    return loadNotRun(config, reasonOf(error));
  }
}

/** The load checks as `error`, for a stage that could not run. */
function loadNotRun(config: Config, reason: string): LoadOutcome {
  const route = config.probes.load?.route ?? '';
  return {
    checks: (['load.threshold_failed', 'load.server_errors'] as const).map((code) => ({
      code,
      route,
      status: 'error' as const,
      reason,
    })),
    findings: [],
  };
}

async function cleanUp(
  context: ProbeContext,
  log: (level: 'info' | 'warn', message: string) => void,
) {
  try {
    await context.cleanUp();
  } catch (error) {
    log('warn', `clean-up stopped: ${reasonOf(error)}`);
  }
}

/**
 * Whether the target still answers: any HTTP answer to `GET <baseUrl>` counts (even 404 or
 * 500). Returns why not, or undefined when it answers. A budget refusal is not a dead target.
 */
async function checkLiveness(context: ProbeContext): Promise<string | undefined> {
  const attempt = async (): Promise<string | undefined> => {
    let result: HttpResult;
    try {
      result = await context.http.send({
        method: 'GET',
        url: context.config.target.baseUrl,
        on429: 'answer',
        note: 'liveness check',
      });
    } catch (error) {
      if (error instanceof BudgetExceededError) return undefined;
      if (error instanceof NetworkPolicyError || error instanceof RunCancelledError)
        return error.message;
      throw error;
    }
    return result.answer ? undefined : (result.failure?.message ?? 'no answer');
  };
  const first = await attempt();
  if (first === undefined) return undefined;
  // One more try: a single lost connection is not a dead target.
  return attempt();
}

function buildReport(
  config: Config,
  planned: PlannedCheck[],
  startedAt: Date,
  finishedAt: Date,
  load?: LoadOutcome,
): Report {
  const probeOrder = (code: FindingCode) => PROBE_NAMES.indexOf(CATALOGUE[code].probe);
  const ordered = [...planned].sort(
    (a, b) =>
      probeOrder(a.code) - probeOrder(b.code) ||
      a.routeIndex - b.routeIndex ||
      FINDING_CODES.indexOf(a.code) - FINDING_CODES.indexOf(b.code),
  );
  const checks = [...ordered.map((item) => item.check!), ...(load?.checks ?? [])];
  const findings = [
    ...ordered.flatMap((item) => (item.finding ? [item.finding] : [])),
    ...(load?.findings ?? []),
  ];
  return {
    version: 1,
    target: config.target.name,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    summary: summarise(checks, findings),
    checks,
    findings,
    ...(load?.report ? { load: load.report } : {}),
  };
}
