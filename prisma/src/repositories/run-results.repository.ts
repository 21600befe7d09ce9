import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type {
  CheckStatus,
  LogLevel,
  RunStatus,
  RunTrigger,
  Severity,
  VerificationStatus,
} from '../generated/prisma/enums';
import type { DbClient } from './db-client';
import { ACTIVE_RUN_STATUSES } from './run.repository';

/**
 * What the worker stores about a run while and after it executes: state transitions, progress,
 * the run log, checks, findings and load results. Every write is keyed by the run's natural keys
 * (run + route + code, run + shard index), so processing a run twice never duplicates a row.
 */

export interface OrgRunLimits {
  maxConcurrentRuns: number;
  maxRps: number;
  maxRequests: number;
  maxBytes: number;
  maxDurationMs: number;
}

export interface RunToProcess {
  id: string;
  orgId: string;
  targetId: string;
  status: RunStatus;
  trigger: RunTrigger;
  probes: string[];
  /** The config snapshot taken when the run was queued. */
  config: unknown;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelRequestedAt: Date | null;
  failureReason: string | null;
  regressionCount: number | null;
  summary: unknown;
  target: {
    id: string;
    name: string;
    baseUrl: string;
    verificationStatus: VerificationStatus;
    /** Re-checked before every run. */
    verificationToken: string;
  };
  org: OrgRunLimits;
}

export type RunClaim =
  | { outcome: 'claimed'; attempts: number; startedAt: Date }
  /** Another run of the target is running, or the organisation is at its concurrency limit. */
  | { outcome: 'busy'; reason: string }
  | { outcome: 'finished'; status: RunStatus }
  | { outcome: 'missing' };

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

export interface RunLogLine {
  level: LogLevel;
  message: string;
  at?: Date | undefined;
}

export interface ActiveRunRef {
  id: string;
  orgId: string;
  status: RunStatus;
  probes: string[];
  createdAt: Date;
}

export interface LoadShardRow {
  shardIndex: number;
  shardCount: number;
  result: Prisma.InputJsonValue;
}

const runToProcessSelect = {
  id: true,
  orgId: true,
  targetId: true,
  status: true,
  trigger: true,
  probes: true,
  config: true,
  attempts: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  cancelRequestedAt: true,
  failureReason: true,
  regressionCount: true,
  summary: true,
  target: {
    select: {
      id: true,
      name: true,
      baseUrl: true,
      verificationStatus: true,
      verificationToken: true,
    },
  },
  org: {
    select: {
      maxConcurrentRuns: true,
      maxRps: true,
      maxRequests: true,
      maxBytes: true,
      maxDurationMs: true,
    },
  },
} satisfies Prisma.RunSelect;

export class RunResultsRepository {
  /** `inTransaction`: `db` is a transaction the caller opened (see {@link with}). */
  constructor(
    readonly db: DbClient,
    private readonly inTransaction = false,
  ) {}

  with(db: DbClient): RunResultsRepository {
    return new RunResultsRepository(db, true);
  }

  /** The run with its target and its organisation's limits. */
  async findRunToProcess(orgId: string, runId: string): Promise<RunToProcess | null> {
    const run = await this.db.run.findFirst({
      where: { id: runId, orgId },
      select: runToProcessSelect,
    });
    if (!run) return null;
    return { ...run, org: { ...run.org, maxBytes: Number(run.org.maxBytes) } };
  }

  /**
   * Moves a run to `running` when fairness allows: no other run of its target is running and
   * the organisation is under its concurrent-run limit. The organisation's row is locked for the
   * decision, so two workers (in two processes) cannot both take the last slot. A run already
   * `running` (a retry after a crash) is claimed again by whoever holds its job.
   */
  async claimRun(orgId: string, runId: string): Promise<RunClaim> {
    if (!this.inTransaction) {
      return (this.db as PrismaClient).$transaction((tx) => this.with(tx).claimRun(orgId, runId));
    }
    const tx = this.db;
    const [org] = await tx.$queryRaw<{ maxConcurrentRuns: number }[]>`
      SELECT "maxConcurrentRuns" FROM "Org" WHERE id = ${orgId}::uuid FOR UPDATE`;
    if (!org) return { outcome: 'missing' };
    const run = await tx.run.findFirst({
      where: { id: runId, orgId },
      select: { status: true, targetId: true, startedAt: true },
    });
    if (!run) return { outcome: 'missing' };
    if (!ACTIVE_RUN_STATUSES.includes(run.status)) {
      return { outcome: 'finished', status: run.status };
    }
    const others = { orgId, status: 'running' as const, id: { not: runId } };
    if ((await tx.run.count({ where: { ...others, targetId: run.targetId } })) > 0) {
      return { outcome: 'busy', reason: 'another run of this target is in progress' };
    }
    if ((await tx.run.count({ where: others })) >= org.maxConcurrentRuns) {
      return {
        outcome: 'busy',
        reason: `the organisation is at its limit of ${org.maxConcurrentRuns} concurrent runs`,
      };
    }
    const startedAt = run.startedAt ?? new Date();
    const claimed = await tx.run.update({
      where: { id: runId },
      data: {
        status: 'running',
        startedAt,
        attempts: { increment: 1 },
        progressDone: 0,
        currentProbe: null,
        failureReason: null,
      },
      select: { attempts: true },
    });
    return { outcome: 'claimed', attempts: claimed.attempts, startedAt };
  }

  /** Progress while the run is running; a no-op once it has ended. */
  async updateProgress(
    orgId: string,
    runId: string,
    progress: { done: number; total: number; currentProbe: string | null },
  ): Promise<void> {
    await this.db.run.updateMany({
      where: { id: runId, orgId, status: 'running' },
      data: {
        progressDone: progress.done,
        progressTotal: progress.total,
        currentProbe: progress.currentProbe,
      },
    });
  }

  async appendLog(orgId: string, runId: string, lines: readonly RunLogLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.db.runLogEntry.createMany({
      data: lines.map((line) => ({
        orgId,
        runId,
        level: line.level,
        message: line.message,
        ...(line.at ? { createdAt: line.at } : {}),
      })),
    });
  }

  /** Route + code of every finding of a run (regression comparisons). */
  findingKeysOf(orgId: string, runId: string): Promise<{ route: string; code: string }[]> {
    return this.db.finding.findMany({
      where: { orgId, runId },
      select: { route: true, code: true },
    });
  }

  /** The findings of a run that its previous completed run did not have, worst first. */
  newFindingsOf(
    orgId: string,
    runId: string,
  ): Promise<{ id: string; code: string; route: string; severity: Severity; title: string }[]> {
    return this.db.finding.findMany({
      where: { orgId, runId, isNew: true },
      orderBy: [{ severityRank: 'asc' }, { id: 'asc' }],
      select: { id: true, code: true, route: true, severity: true, title: true },
      take: 1000,
    });
  }

  /**
   * Stores a run's results and marks it `completed`, in one transaction. Checks, findings and
   * the load result are upserted on their unique keys, and rows of an earlier attempt that the
   * new results do not have are removed, so storing a run twice leaves one copy of each.
   * Returns false, storing nothing, when the run is no longer `running`.
   */
  async completeRun(orgId: string, runId: string, results: RunResults): Promise<boolean> {
    if (!this.inTransaction) {
      return (this.db as PrismaClient).$transaction(
        (tx) => this.with(tx).completeRun(orgId, runId, results),
        { timeout: 60_000 },
      );
    }
    const tx = this.db;
    const run = await tx.run.findFirst({
      where: { id: runId, orgId, status: 'running' },
      select: { targetId: true, progressTotal: true },
    });
    if (!run) return false;
    for (const check of results.checks) {
      const data = { probe: check.probe, status: check.status, reason: check.reason ?? null };
      await tx.checkResult.upsert({
        where: { runId_route_code: { runId, route: check.route, code: check.code } },
        create: { orgId, runId, route: check.route, code: check.code, ...data },
        update: data,
      });
    }
    await tx.checkResult.deleteMany({
      where: { runId, orgId, NOT: { OR: keysOf(results.checks) } },
    });
    for (const finding of results.findings) {
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
        where: { runId_route_code: { runId, route: finding.route, code: finding.code } },
        create: {
          orgId,
          runId,
          targetId: run.targetId,
          route: finding.route,
          code: finding.code,
          ...data,
        },
        update: data,
      });
    }
    await tx.finding.deleteMany({
      where: { runId, orgId, NOT: { OR: keysOf(results.findings) } },
    });
    if (results.load) {
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
    } else {
      await tx.loadResult.deleteMany({ where: { runId, orgId } });
    }
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

  /** Ends an active run as `failed` or `cancelled` with a reason; false when it had ended. */
  async finishRun(
    orgId: string,
    runId: string,
    status: 'failed' | 'cancelled',
    reason: string,
  ): Promise<boolean> {
    const { count } = await this.db.run.updateMany({
      where: { id: runId, orgId, status: { in: ACTIVE_RUN_STATUSES } },
      data: { status, finishedAt: new Date(), failureReason: reason, currentProbe: null },
    });
    return count > 0;
  }

  /** Puts a running run back to `queued`: its job was handed back to the queue. */
  async requeueRun(orgId: string, runId: string): Promise<void> {
    await this.db.run.updateMany({
      where: { id: runId, orgId, status: 'running' },
      data: { status: 'queued', currentProbe: null, progressDone: 0 },
    });
  }

  /**
   * Runs still `queued` or `running` that were created before `createdBefore`, oldest first:
   * what the reaper checks against the queue. Unscoped: the worker serves every organisation.
   */
  unsafeListActiveRuns(options: { createdBefore: Date; limit: number }): Promise<ActiveRunRef[]> {
    return this.db.run.findMany({
      where: { status: { in: ACTIVE_RUN_STATUSES }, createdAt: { lt: options.createdBefore } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: options.limit,
      select: { id: true, orgId: true, status: true, probes: true, createdAt: true },
    });
  }

  /** Stores one shard's result of a sharded load stage; a repeated shard replaces its row. */
  async saveLoadShard(orgId: string, runId: string, shard: LoadShardRow): Promise<void> {
    await this.db.loadShard.upsert({
      where: { runId_shardIndex: { runId, shardIndex: shard.shardIndex } },
      create: { orgId, runId, ...shard },
      update: { shardCount: shard.shardCount, result: shard.result },
    });
  }

  listLoadShards(
    orgId: string,
    runId: string,
  ): Promise<{ shardIndex: number; shardCount: number; result: unknown }[]> {
    return this.db.loadShard.findMany({
      where: { orgId, runId },
      orderBy: { shardIndex: 'asc' },
      select: { shardIndex: true, shardCount: true, result: true },
    });
  }
}

/** Route + code pairs as a Prisma `OR`; a match of nothing when empty, so nothing is kept. */
function keysOf(rows: readonly { route: string; code: string }[]) {
  return rows.length > 0
    ? rows.map((row) => ({ route: row.route, code: row.code }))
    : [{ route: { in: [] as string[] } }];
}
