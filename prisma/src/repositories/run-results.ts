import type { Prisma } from '../generated/prisma/client';
import type { CheckStatus, Severity } from '../generated/prisma/enums';

/**
 * What a completed run stores besides its own row: checks, findings and the load result. Every
 * row is keyed by the run's natural keys (run + route + code, run), so storing the results of a
 * run twice leaves one copy of each.
 */

export interface CheckRow {
  code: string;
  probe: string;
  route: string;
  status: CheckStatus;
  reason?: string | undefined;
}

export interface FindingRow {
  code: string;
  probe: string;
  route: string;
  severity: Severity;
  severityRank: number;
  title: string;
  detail: string;
  evidence: Prisma.InputJsonValue;
  isNew: boolean;
}

export interface LoadResultRow {
  executor: string;
  requests: number;
  rps: number;
  latencyMs: Prisma.InputJsonValue;
  failedRate: number;
  statusCounts: Prisma.InputJsonValue;
  series: Prisma.InputJsonValue;
  thresholds: Prisma.InputJsonValue;
  droppedIterations?: number | undefined;
  bytesReceived?: number | undefined;
  abortedReason?: string | null | undefined;
  /** Base64 HDR histogram; empty when the engine gave none. */
  histogram?: string | undefined;
}

export interface RunResults {
  checks: readonly CheckRow[];
  findings: readonly FindingRow[];
  load?: LoadResultRow | undefined;
  summary: Prisma.InputJsonValue;
  /** Findings new since the previous completed run; null when there is no previous run. */
  regressionCount: number | null;
}

/** See `RunRepository.completeRun`; `tx` is its transaction. */
export async function completeRun(
  tx: Prisma.TransactionClient,
  orgId: string,
  runId: string,
  results: RunResults,
): Promise<boolean> {
  const run = await tx.run.findFirst({
    where: { id: runId, orgId, status: 'running' },
    select: { targetId: true, progressTotal: true },
  });
  if (!run) return false;
  await replaceResults(tx, { orgId, runId, targetId: run.targetId }, results);
  await tx.run.update({
    where: { id: runId },
    data: {
      status: 'completed',
      finishedAt: new Date(),
      summary: results.summary,
      regressionCount: results.regressionCount,
      currentProbe: null,
      progressDone: run.progressTotal,
      failureReason: null,
    },
  });
  return true;
}

/**
 * Upserts the checks, findings and load result on their unique keys and removes the rows of an
 * earlier attempt that these results do not have.
 */
async function replaceResults(
  tx: Prisma.TransactionClient,
  { orgId, runId, targetId }: { orgId: string; runId: string; targetId: string },
  results: RunResults,
): Promise<void> {
  for (const check of results.checks) {
    const data = { probe: check.probe, status: check.status, reason: check.reason ?? null };
    await tx.checkResult.upsert({
      where: { runId_route_code: { runId, route: check.route, code: check.code } },
      create: { orgId, runId, route: check.route, code: check.code, ...data },
      update: data,
    });
  }
  await tx.checkResult.deleteMany({ where: { runId, orgId, NOT: { OR: keysOf(results.checks) } } });
  for (const finding of results.findings) {
    const { route, code } = finding;
    const data = {
      probe: finding.probe,
      severity: finding.severity,
      severityRank: finding.severityRank,
      title: finding.title,
      detail: finding.detail,
      evidence: finding.evidence,
      isNew: finding.isNew,
    };
    await tx.finding.upsert({
      where: { runId_route_code: { runId, route, code } },
      create: { orgId, runId, targetId, route, code, ...data },
      update: data,
    });
  }
  await tx.finding.deleteMany({ where: { runId, orgId, NOT: { OR: keysOf(results.findings) } } });
  if (!results.load) {
    await tx.loadResult.deleteMany({ where: { runId, orgId } });
    return;
  }
  const load = {
    executor: results.load.executor,
    requests: results.load.requests,
    rps: results.load.rps,
    latencyMs: results.load.latencyMs,
    failedRate: results.load.failedRate,
    statusCounts: results.load.statusCounts,
    series: results.load.series,
    thresholds: results.load.thresholds,
    droppedIterations: results.load.droppedIterations ?? 0,
    bytesReceived: BigInt(Math.round(results.load.bytesReceived ?? 0)),
    abortedReason: results.load.abortedReason ?? null,
    histogram: results.load.histogram ?? '',
  };
  await tx.loadResult.upsert({
    where: { runId },
    create: { orgId, runId, ...load },
    update: load,
  });
}

/** Route + code pairs as a Prisma `OR`; a match of nothing when empty, so nothing is kept. */
function keysOf(rows: readonly { route: string; code: string }[]) {
  return rows.length > 0
    ? rows.map((row) => ({ route: row.route, code: row.code }))
    : [{ route: { in: [] as string[] } }];
}
