import { severityRank } from '@shakedown/core/findings';
import type { LoadStageResult } from '@shakedown/core/load';
import { probeOfCheck, summarise, type Check, type Finding } from '@shakedown/core/report';
import type { LoadResultRow, RunResults } from '@shakedown/db';

/** What a run found, as core's engines report it, with each finding marked new or not. */
export interface RunFindings {
  checks: readonly Check[];
  findings: readonly (Finding & { isNew: boolean })[];
  load: LoadStageResult | undefined;
  /** The coverage a clean run needs (`probes.cleanCoverage`). */
  cleanAt?: number | undefined;
  /** Findings new since the previous completed run; null when there is no previous run. */
  regressionCount: number | null;
}

/** Core's report of a run as the rows `RunRepository.completeRun` stores. */
export function toRunResults(found: RunFindings): RunResults {
  return {
    checks: found.checks.map((check) => ({
      code: check.code,
      probe: probeOfCheck(check),
      route: check.route,
      status: check.status,
      reason: check.reason,
    })),
    findings: found.findings.map((finding) => ({
      code: finding.code,
      probe: finding.probe,
      route: finding.route,
      severity: finding.severity,
      severityRank: severityRank(finding.severity),
      title: finding.title,
      detail: finding.detail,
      evidence: json(finding.evidence),
      isNew: finding.isNew,
    })),
    load: found.load ? loadRowOf(found.load) : undefined,
    summary: json(summarise(found.checks, found.findings, found.cleanAt)),
    regressionCount: found.regressionCount,
  };
}

function loadRowOf(load: LoadStageResult): LoadResultRow {
  return {
    executor: load.report.executor,
    requests: load.report.requests,
    rps: load.report.rps,
    latencyMs: json(load.report.latencyMs),
    failedRate: load.report.failedRate,
    statusCounts: json(load.report.statusCounts),
    series: json(load.report.series),
    thresholds: json(load.report.thresholds),
    droppedIterations: load.droppedIterations,
    bytesReceived: load.raw.bytesReceived,
    abortedReason: load.abortedReason ?? null,
    histogram: load.histogram,
  };
}

/** A plain JSON copy (Prisma's JSON columns take no class instances or undefined). */
function json(value: unknown): object {
  return JSON.parse(JSON.stringify(value)) as object;
}
