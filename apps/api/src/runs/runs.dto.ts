import type { Finding, Run } from '@shakedown/db';
import type { ProbeName } from '@shakedown/core/config';
import type { FindingItem, Run as RunDto } from '@shakedown/core/contract';
import { SummarySchema, type Evidence } from '@shakedown/core/report';

export function toRunDto(run: Run): RunDto {
  const summary = SummarySchema.safeParse(run.summary);
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
    summary: summary.success ? summary.data : null,
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
