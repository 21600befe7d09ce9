import { PROBE_NAMES, type Config, type ProbeName, type Route } from '../config/config.schema';
import { CATALOGUE, FINDING_CODES, leadRank, type FindingCode } from '../findings/catalogue';
import type { SecretMasker } from '../http/evidence';
import { summarise, type Check, type Finding, type Report } from '../report/report.schema';
import type { LoadOutcome } from './load-outcome';
import type { Phase } from './phase';
import { RouteChecks, type CheckOutcome } from './route-checks';

export interface ProbeProgress {
  done: number;
  total: number;
  probe: ProbeName;
  check?: Check;
}

export interface PlannedCheck {
  phase: number;
  route: Route;
  routeIndex: number;
  code: FindingCode;
  check?: Check;
  finding?: Finding;
}

/**
 * Every check a run planned, each settled once as the probes decide it, with the progress events
 * that report them and the report they end in.
 */
export class CheckLedger {
  private readonly planned: PlannedCheck[] = [];
  private readonly total: number;
  private done = 0;
  /** The probe progress events name. */
  currentProbe: ProbeName;

  constructor(
    phases: readonly Phase[],
    /** Whether the run includes `phase`. */
    included: (phase: Phase) => boolean,
    routes: readonly Route[],
    /** Checks settled outside the phases (the load stage's). */
    extraChecks: number,
    /** Titles and details quote URLs and answers: secrets are masked there too. */
    private readonly masker: SecretMasker,
    private readonly onProgress: ((progress: ProbeProgress) => void) | undefined,
  ) {
    phases.forEach((phase, phaseIndex) => {
      if (!included(phase)) return;
      routes.forEach((route, routeIndex) => {
        for (const code of phase.codes) {
          this.planned.push({ phase: phaseIndex, route, routeIndex, code });
        }
      });
    });
    this.total = this.planned.length + extraChecks;
    const first = this.planned[0];
    this.currentProbe = first ? phases[first.phase]!.probe : 'idempotency';
  }

  /** The checks `phase` decides, every route's. */
  itemsOf(phase: number): PlannedCheck[] {
    return this.planned.filter((item) => item.phase === phase);
  }

  /** Reports where the run is without a check settled (the start of a probe). */
  announce(): void {
    this.onProgress?.({ done: this.done, total: this.total, probe: this.currentProbe });
  }

  /** Records `outcome` for `item` unless it is settled already. */
  settle(item: PlannedCheck, outcome: CheckOutcome): void {
    if (item.check) return;
    const check: Check = { code: item.code, route: item.route.id, status: outcome.status };
    if (outcome.status === 'skipped' || outcome.status === 'error') check.reason = outcome.reason;
    if (outcome.status === 'skipped' && outcome.notApplicable) check.notApplicable = true;
    item.check = check;
    if (outcome.status === 'failed') {
      const entry = CATALOGUE[item.code];
      item.finding = {
        code: item.code,
        probe: entry.probe,
        route: item.route.id,
        severity: entry.severity,
        title: this.masker.maskText(outcome.title),
        detail: this.masker.maskText(outcome.detail),
        evidence: outcome.evidence,
      };
    }
    this.count(check);
  }

  /** Every check of `items` (default: the run's) not settled yet becomes `error` with `reason`. */
  settleAsError(reason: string, items: readonly PlannedCheck[] = this.planned): void {
    for (const item of items) this.settle(item, { status: 'error', reason });
  }

  /** The checks of one route in one phase, as the probe settles them. */
  routeChecks(items: readonly PlannedCheck[]): RouteChecks {
    const pendingItem = (code: FindingCode) =>
      items.find((item) => item.code === code && !item.check);
    return new RouteChecks(
      (code) => pendingItem(code) !== undefined,
      (code, outcome) => {
        const item = pendingItem(code);
        if (item) this.settle(item, outcome);
      },
    );
  }

  /** Counts a check settled outside the phases (the load stage's). */
  count(check: Check): void {
    this.done += 1;
    this.onProgress?.({ done: this.done, total: this.total, probe: this.currentProbe, check });
  }

  /** The report: checks and findings in catalogue order per probe and route, the load stage's last. */
  report(config: Config, startedAt: Date, finishedAt: Date, load?: LoadOutcome): Report {
    // What broke the target comes first (docs/spec/findings.md "availability"), then probe order.
    const probeOrder = (code: FindingCode) =>
      leadRank(code) === 0 ? -1 : PROBE_NAMES.indexOf(CATALOGUE[code].probe);
    const ordered = [...this.planned].sort(
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
      summary: summarise(checks, findings, config.probes.cleanCoverage),
      checks,
      findings,
      ...(load?.report ? { load: load.report } : {}),
    };
  }
}
