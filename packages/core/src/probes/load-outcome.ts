import type { Config } from '../config/config.schema';
import type { RunBudget } from '../http/budget';
import type { Clock } from '../http/clock';
import { createGuardedConnector } from '../http/guarded-connector';
import type { NetworkPolicy } from '../http/network-policy';
import { runLoadStage } from '../load/run-load-stage';
import type { Check, Finding, LoadReport } from '../report/report.schema';
import { reasonOf } from './stop-reason';

/** What the load stage adds to the report. */
export interface LoadOutcome {
  report?: LoadReport;
  checks: Check[];
  findings: Finding[];
  abortedReason?: string;
}

/** The checks the load stage judges on the load route. */
export const LOAD_CODES = ['load.threshold_failed', 'load.server_errors'] as const;

/** Runs the load stage, or records its checks as `error` when the run has already stopped. */
export async function runLoad(
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
export function loadNotRun(config: Config, reason: string): LoadOutcome {
  const route = config.probes.load?.route ?? '';
  return {
    checks: LOAD_CODES.map((code) => ({
      code,
      route,
      status: 'error' as const,
      reason,
    })),
    findings: [],
  };
}
