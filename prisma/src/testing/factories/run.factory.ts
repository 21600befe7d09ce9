import { TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';
import { severityRank, type Severity } from '@shakedown/core/findings';

import type { CheckResult, Finding, Prisma, Run, RunStatus } from '../../generated/prisma/client';
import type { Db } from '../../client';

export function createRun(
  db: Db,
  orgId: string,
  targetId: string,
  overrides: Partial<
    Pick<Run, 'status' | 'createdAt' | 'finishedAt' | 'startedAt' | 'regressionCount'>
  > & {
    summary?: Prisma.InputJsonObject;
  } = {},
): Promise<Run> {
  const status: RunStatus = overrides.status ?? 'completed';
  const createdAt = overrides.createdAt ?? new Date();
  const finished = TERMINAL_RUN_STATUSES.includes(status);
  return db.run.create({
    data: {
      orgId,
      targetId,
      status,
      trigger: 'api',
      probes: [],
      config: {},
      createdAt,
      startedAt: overrides.startedAt ?? (status === 'queued' ? null : createdAt),
      finishedAt: overrides.finishedAt ?? (finished ? new Date(createdAt.getTime() + 1000) : null),
      regressionCount: overrides.regressionCount ?? null,
      ...(overrides.summary ? { summary: overrides.summary } : {}),
    },
  });
}

export interface FindingSeed {
  code: string;
  route: string;
  severity?: Severity;
  isNew?: boolean;
}

export function createFinding(db: Db, run: Run, seed: FindingSeed): Promise<Finding> {
  const severity = seed.severity ?? 'high';
  return db.finding.create({
    data: {
      orgId: run.orgId,
      runId: run.id,
      targetId: run.targetId,
      code: seed.code,
      probe: seed.code.split('.')[0] ?? 'schema',
      route: seed.route,
      severity,
      severityRank: severityRank(severity),
      title: `${seed.code} on ${seed.route}`,
      detail: 'seeded by a test',
      evidence: { exchanges: [] },
      isNew: seed.isNew ?? false,
    },
  });
}

export function createCheck(
  db: Db,
  run: Run,
  seed: Pick<CheckResult, 'code' | 'route' | 'status'> & { reason?: string },
): Promise<CheckResult> {
  return db.checkResult.create({
    data: {
      orgId: run.orgId,
      runId: run.id,
      code: seed.code,
      probe: seed.code.split('.')[0] ?? 'schema',
      route: seed.route,
      status: seed.status,
      reason: seed.reason ?? null,
    },
  });
}
