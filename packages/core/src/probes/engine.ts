import { PROBE_NAMES, type Config, type ProbeName } from '../config/config.schema';
import { RunBudget } from '../http/budget';
import { systemClock, type Clock } from '../http/clock';
import { SecretMasker } from '../http/evidence';
import { HttpClient } from '../http/http-client';
import { RunCancelledError, type HttpResult } from '../http/http-types';
import type { NetworkPolicy } from '../http/network-policy';
import type { Report } from '../report/report.schema';
import { availabilityPhase } from './availability/availability.phase';
import { HealthMonitor, TargetBrokenError } from './availability/health-monitor';
import { CheckLedger, type PlannedCheck, type ProbeProgress } from './check-ledger';
import { errorsProvocationPhase, errorsVerdictPhase } from './errors/errors.probe';
import { ErrorsObserver } from './errors/errors-observer';
import { idempotencyPhase } from './idempotency/idempotency.probe';
import { describeOutcome } from './describe-result';
import { checkLiveness } from './liveness';
import { LOAD_CODES, loadNotRun, runLoad, type LoadOutcome } from './load-outcome';
import { payloadPhase } from './payload/payload.probe';
import type { Phase } from './phase';
import { ProbeContext } from './probe-context';
import { ratelimitPhase } from './ratelimit/ratelimit.probe';
import { schemaRiskyPhase, schemaSafePhase } from './schema/schema.probe';
import { reasonOf } from './stop-reason';
import { tenantPhase } from './tenant/tenant.probe';

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
 * bodies, rate-limit bursts); the errors verdict last, as it reads every answer of the run,
 * and the availability verdict after the load stage.
 */
function phasesFor(observer: ErrorsObserver, monitor: HealthMonitor): Phase[] {
  return [
    idempotencyPhase,
    schemaSafePhase,
    tenantPhase,
    errorsProvocationPhase(observer),
    schemaRiskyPhase,
    payloadPhase,
    ratelimitPhase,
    errorsVerdictPhase(observer),
    { ...availabilityPhase(monitor), final: true },
  ];
}

/** The probes a run includes: the option, else the config's list, else all the config allows. */
export function resolveInclude(config: Config, include?: readonly ProbeName[]): ProbeName[] {
  const chosen =
    include ??
    config.probes.include ??
    PROBE_NAMES.filter((name) => name !== 'load' || config.probes.load);
  return PROBE_NAMES.filter((name) => chosen.includes(name));
}

/** Runs the probe suite of `config` against its target and returns the report. */
export async function runProbes(config: Config, options: RunProbesOptions = {}): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? systemClock;
  const log = options.onLog ?? (() => undefined);
  const startedAt = now();
  const include = resolveInclude(config, options.include);
  const observer = new ErrorsObserver();
  // The monitor needs the context, which needs the client: it joins once it exists.
  const watching: { monitor?: HealthMonitor } = {};
  const budget = options.budget ?? new RunBudget(config.target.budget, clock);
  const http = new HttpClient({
    budget,
    clock,
    masker: SecretMasker.forConfig(config),
    onResult: (result) => {
      observer.observe(result);
      watching.monitor?.observe(result);
      options.onResult?.(result);
    },
    ...(options.network ? { network: options.network } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const context = new ProbeContext(config, http, log);
  const monitor = new HealthMonitor(context, clock, options.signal);
  watching.monitor = monitor;
  context.afterRiskyHook = (result) => monitor.afterRisky(result);
  const phases = phasesFor(observer, monitor);
  const loadStage = include.includes('load') ? config.probes.load : undefined;
  // The availability check goes with every run that sends.
  const sends = loadStage !== undefined || phases.some((p) => p.sends && include.includes(p.probe));
  const included = (phase: Phase) =>
    include.includes(phase.probe) || (phase.final === true && sends);
  const ledger = new CheckLedger(
    phases,
    included,
    config.routes,
    loadStage ? LOAD_CODES.length : 0,
    http.masker,
    options.onProgress,
  );
  const run: PhaseRun = { context, ledger, signal: options.signal };
  let load: LoadOutcome | undefined;

  try {
    const reachable = await checkLiveness(context);
    if (reachable !== undefined) {
      if (options.signal?.aborted) {
        ledger.settleAsError('cancelled');
        const cancelled = loadStage ? loadNotRun(config, 'cancelled') : undefined;
        return ledger.report(config, startedAt, now(), cancelled);
      }
      throw new TargetUnreachableError(`${config.target.baseUrl} cannot be reached: ${reachable}`);
    }
    if (sends) await monitor.baseline();

    let stopped: string | undefined;
    let sentBefore = false;
    for (const [phaseIndex, phase] of phases.entries()) {
      if (!included(phase) || phase.final) continue;
      const items = ledger.itemsOf(phaseIndex);
      ledger.currentProbe = phase.probe;
      if (stopped === undefined && options.signal?.aborted) stopped = 'cancelled';
      if (stopped === undefined && phase.sends && sentBefore) {
        stopped = await stillHealthy(context, monitor, options.signal);
      }
      if (stopped !== undefined && phase.sends) {
        ledger.settleAsError(stopped, items);
        continue;
      }
      ledger.announce();
      observer.stoppedReason = stopped;
      stopped = (await runPhase(run, phase, items)) ?? stopped;
      if (stopped !== undefined) ledger.settleAsError(stopped, items);
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
      ledger.currentProbe = 'load';
      ledger.announce();
      if (stopped === undefined && options.signal?.aborted) stopped = 'cancelled';
      if (stopped === undefined && sentBefore) {
        stopped = await stillHealthy(context, monitor, options.signal);
      }
      load = await runLoad(config, stopped, {
        budget,
        clock,
        network: options.network,
        signal: options.signal,
      });
      for (const check of load.checks) ledger.count(check);
      if (load.abortedReason) log('warn', `load stopped early: ${load.abortedReason}`);
      if (stopped === undefined && load.report) {
        const route = config.routes.find((candidate) => candidate.id === loadStage.route)!;
        await monitor.afterLoad(route, load.report.requests).catch(ignoreBroken);
      }
    }
    for (const [phaseIndex, phase] of phases.entries()) {
      if (!included(phase) || !phase.final) continue;
      const items = ledger.itemsOf(phaseIndex);
      monitor.stoppedReason = stopped;
      const reason = await runPhase(run, phase, items);
      if (reason !== undefined) ledger.settleAsError(reason, items);
    }
  } finally {
    await http.close();
  }
  return ledger.report(config, startedAt, now(), load);
}

interface PhaseRun {
  context: ProbeContext;
  ledger: CheckLedger;
  signal: AbortSignal | undefined;
}

/**
 * Runs `phase` route by route: the config's skips first, then the probe; a probe that throws
 * leaves its route's checks `error`. Returns why the run stops: cancelled, or the target broke.
 */
async function runPhase(
  { context, ledger, signal }: PhaseRun,
  phase: Phase,
  items: readonly PlannedCheck[],
): Promise<string | undefined> {
  for (const [routeIndex, route] of context.config.routes.entries()) {
    const routeItems = items.filter((item) => item.routeIndex === routeIndex);
    for (const item of routeItems) {
      const reason = phase.skipReason(context, route, item.code);
      if (reason !== undefined) {
        ledger.settle(item, { status: 'skipped', reason, notApplicable: true });
      }
    }
    if (phase.codes.length > 0 && routeItems.every((item) => item.check)) continue;
    try {
      if (signal?.aborted) throw new RunCancelledError();
      await phase.run(context, route, ledger.routeChecks(routeItems));
    } catch (error) {
      ledger.settleAsError(reasonOf(error), routeItems);
      if (error instanceof RunCancelledError) return 'cancelled';
      if (error instanceof TargetBrokenError) return error.message;
    }
    ledger.settleAsError('the probe did not decide this check', routeItems);
  }
  return undefined;
}

/**
 * Between probes: undefined while the target is healthy, else why the run stops. Every risky
 * request was checked right after it, so a failure here blames no request.
 */
async function stillHealthy(
  context: ProbeContext,
  monitor: HealthMonitor,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  let down: string | undefined;
  if (monitor.disabledReason !== undefined) down = await checkLiveness(context);
  else {
    let failed: HttpResult | undefined;
    try {
      failed = await monitor.failure();
    } catch (error) {
      if (error instanceof RunCancelledError) return 'cancelled';
      throw error;
    }
    if (failed) down = failed.failure?.message ?? `the health check ${describeOutcome(failed)}`;
  }
  if (down === undefined) return undefined;
  return signal?.aborted ? 'cancelled' : `the target stopped answering: ${down}`;
}

/** The breakage is recorded in the monitor; the availability verdict reports it. */
function ignoreBroken(error: unknown): void {
  if (!(error instanceof TargetBrokenError)) throw error;
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
