import type { ProbeName, Route } from '../config/config.schema';
import type { FindingCode } from '../findings/catalogue';
import type { ProbeContext } from './probe-context';
import type { RouteChecks } from './route-checks';

/** A step of the run: some checks of one probe, run route by route. */
export interface Phase {
  probe: ProbeName;
  codes: readonly FindingCode[];
  /** False for phases that only read what earlier phases saw (no liveness check before them). */
  sends: boolean;
  /** Runs once the run stopped sending, after the load stage, whatever probes it includes. */
  final?: boolean;
  /** Why `code` cannot be decided on `route` from the config alone, or undefined. */
  skipReason(context: ProbeContext, route: Route, code: FindingCode): string | undefined;
  run(context: ProbeContext, route: Route, checks: RouteChecks): Promise<void>;
}
