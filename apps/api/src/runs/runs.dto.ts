import type { Finding, Run } from '@shakedown/db';
import type { ProbeName } from '@shakedown/core/config';
import type { FindingItem, Run as RunDto } from '@shakedown/core/contract';
import type { RunProgressEvent } from '@shakedown/core/jobs';
import { verdictOfSummary, type Evidence, type Summary } from '@shakedown/core/report';

/**
 * The stored summary when it has the report's shape. A structural check, not a zod parse:
 * run lists map 50 rows per request and the worker writes the column from core's `summarise`.
 */
function summaryOf(value: unknown): Summary | null {
  if (value === null || typeof value !== 'object') return null;
  const summary = value as Partial<Summary>;
  return typeof summary.checks === 'number' &&
    typeof summary.bySeverity === 'object' &&
    summary.bySeverity !== null
    ? { ...(summary as Summary), verdict: verdictOfSummary(summary as Summary) }
    : null;
}

/** The run's stored state as a progress event: what a stream starts with, and a cancel sends. */
export function toProgressEvent(run: Run): RunProgressEvent {
  return {
    runId: run.id,
    status: run.status,
    progressDone: run.progressDone,
    progressTotal: run.progressTotal,
    currentProbe: run.currentProbe,
    at: new Date().toISOString(),
  };
}

export function toRunDto(run: Run): RunDto {
  return {
    id: run.id,
    targetId: run.targetId,
    status: run.status,
    trigger: run.trigger,
    probes: run.probes as ProbeName[],
    progressDone: run.progressDone,
    progressTotal: run.progressTotal,
    currentProbe: run.currentProbe,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    cancelRequestedAt: run.cancelRequestedAt?.toISOString() ?? null,
    failureReason: run.failureReason,
    summary: summaryOf(run.summary),
    regressionCount: run.regressionCount,
    triggeredByUserId: run.triggeredByUserId,
    triggeredByApiKeyId: run.triggeredByApiKeyId,
    scheduleId: run.scheduleId,
  };
}

export function evidenceOf(value: unknown): Evidence {
  return value !== null && typeof value === 'object' && Array.isArray((value as Evidence).exchanges)
    ? (value as Evidence)
    : { exchanges: [] };
}

export function toFindingDto(finding: Finding): FindingItem {
  return {
    id: finding.id,
    runId: finding.runId,
    targetId: finding.targetId,
    code: finding.code,
    probe: finding.probe as ProbeName,
    route: finding.route,
    severity: finding.severity,
    title: finding.title,
    detail: finding.detail,
    evidence: evidenceOf(finding.evidence),
    isNew: finding.isNew,
    createdAt: finding.createdAt.toISOString(),
  };
}
