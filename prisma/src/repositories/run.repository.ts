import {
  Prisma,
  type PrismaClient,
  type Run,
  type RunStatus,
  type RunTrigger,
} from '../generated/prisma/client';
import { decodeTimeCursor, pageFrom, type DbClient, type RowPage } from './db-client';

export const ACTIVE_RUN_STATUSES: RunStatus[] = ['queued', 'running'];

export type RunRefusal = 'run_already_active' | 'concurrent_runs_limit' | 'daily_runs_limit';

/**
 * A run the rules refuse: one active run per target, the organisation's concurrent and daily
 * limits. `code` is the API's error code; `details` names the limit.
 */
export class RunCreationRefusedError extends Error {
  override readonly name = 'RunCreationRefusedError';
  constructor(
    readonly code: RunRefusal,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export interface CreateRunInput {
  targetId: string;
  trigger: RunTrigger;
  /** Probe subset; empty means every probe the config allows. */
  probes: string[];
  /** The target's config as it is now (the run's snapshot). */
  config: Prisma.InputJsonValue;
  triggeredByUserId?: string | null;
  triggeredByApiKeyId?: string | null;
  scheduleId?: string | null;
  scheduleSlot?: Date | null;
}

export interface RunListQuery {
  targetId?: string;
  status?: RunStatus;
  trigger?: RunTrigger;
  cursor?: string;
  limit: number;
}

export interface RunHistoryRow {
  id: string;
  createdAt: Date;
  finishedAt: Date | null;
  summary: Prisma.JsonValue;
  regressionCount: number | null;
  latencyMs: Prisma.JsonValue;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const LIST_COLUMNS = Prisma.raw(
  [
    'id',
    'orgId',
    'targetId',
    'status',
    'trigger',
    'probes',
    'progressDone',
    'progressTotal',
    'currentProbe',
    'createdAt',
    'startedAt',
    'finishedAt',
    'cancelRequestedAt',
    'failureReason',
    'attempts',
    'summary',
    'regressionCount',
    'triggeredByUserId',
    'triggeredByApiKeyId',
    'scheduleId',
    'scheduleSlot',
  ]
    .map((column) => `"${column}"`)
    .join(', '),
);

export class RunRepository {
  /** `inTransaction`: `db` is a transaction the caller opened (see {@link with}). */
  constructor(
    readonly db: DbClient,
    private readonly inTransaction = false,
  ) {}

  with(db: DbClient): RunRepository {
    return new RunRepository(db, true);
  }

  /**
   * The run-creation rule, shared by the API (`POST /targets/:id/runs`) and the worker
   * (scheduled runs): stores a `queued` run unless the target already has an active run or the
   * organisation is at its concurrent or daily limit (throws {@link RunCreationRefusedError}).
   * The organisation's row is locked for the check, so parallel requests cannot both pass it.
   * Answers null when the target is not the organisation's. Enqueueing is the caller's job.
   */
  async createQueuedRun(
    orgId: string,
    input: CreateRunInput,
    now = new Date(),
  ): Promise<Run | null> {
    if (!this.inTransaction) {
      return (this.db as PrismaClient).$transaction((tx) =>
        this.with(tx).createQueuedRun(orgId, input, now),
      );
    }
    const tx = this.db;
    const [limits] = await tx.$queryRaw<
      { maxConcurrentRuns: number; maxDailyRuns: number }[]
    >`SELECT "maxConcurrentRuns", "maxDailyRuns" FROM "Org" WHERE id = ${orgId}::uuid FOR UPDATE`;
    if (!limits) return null;
    const target = await tx.target.findFirst({
      where: { orgId, id: input.targetId },
      select: { id: true },
    });
    if (!target) return null;
    const activeOnTarget = await tx.run.findFirst({
      where: { orgId, targetId: input.targetId, status: { in: ACTIVE_RUN_STATUSES } },
      select: { id: true, status: true },
    });
    if (activeOnTarget) {
      throw new RunCreationRefusedError(
        'run_already_active',
        `the target already has a ${activeOnTarget.status} run (${activeOnTarget.id}); wait for it or cancel it`,
        { runId: activeOnTarget.id },
      );
    }
    const active = await tx.run.count({
      where: { orgId, status: { in: ACTIVE_RUN_STATUSES } },
    });
    if (active >= limits.maxConcurrentRuns) {
      throw new RunCreationRefusedError(
        'concurrent_runs_limit',
        `the organisation already has ${active} active runs, its limit (maxConcurrentRuns)`,
        { limit: 'maxConcurrentRuns', value: limits.maxConcurrentRuns },
      );
    }
    const today = await tx.run.count({
      where: { orgId, createdAt: { gt: new Date(now.getTime() - DAY_MS) } },
    });
    if (today >= limits.maxDailyRuns) {
      throw new RunCreationRefusedError(
        'daily_runs_limit',
        `the organisation started ${today} runs in the last 24 hours, its limit (maxDailyRuns)`,
        { limit: 'maxDailyRuns', value: limits.maxDailyRuns },
      );
    }
    return tx.run.create({
      data: {
        orgId,
        targetId: input.targetId,
        trigger: input.trigger,
        probes: input.probes,
        config: input.config,
        triggeredByUserId: input.triggeredByUserId ?? null,
        triggeredByApiKeyId: input.triggeredByApiKeyId ?? null,
        scheduleId: input.scheduleId ?? null,
        scheduleSlot: input.scheduleSlot ?? null,
        createdAt: now,
      },
    });
  }

  findForOrg(orgId: string, id: string): Promise<Run | null> {
    return this.db.run.findFirst({ where: { orgId, id } });
  }

  /** A run by id whatever its organisation: for the worker, whose job carries the id. */
  unsafeFindRunById(id: string): Promise<Run | null> {
    return this.db.run.findUnique({ where: { id } });
  }

  /**
   * Runs newest first. Bound to `Run(targetId, createdAt desc, id desc)` with a target, else to
   * `Run(orgId, createdAt desc, id desc)`; the cursor is a row comparison on those columns.
   */
  async listForOrg(orgId: string, query: RunListQuery): Promise<RowPage<Run>> {
    const after = decodeTimeCursor(query.cursor);
    const conditions = [Prisma.sql`"orgId" = ${orgId}::uuid`];
    if (query.targetId) conditions.push(Prisma.sql`"targetId" = ${query.targetId}::uuid`);
    if (query.status) conditions.push(Prisma.sql`status = ${query.status}::"RunStatus"`);
    if (query.trigger) conditions.push(Prisma.sql`trigger = ${query.trigger}::"RunTrigger"`);
    if (after) conditions.push(Prisma.sql`("createdAt", id) < (${after.at}, ${after.id}::uuid)`);
    // Every column but the config snapshot (up to 2 MB each): lists never show it.
    const rows = await this.db.$queryRaw<Run[]>`
      SELECT ${LIST_COLUMNS}, NULL::jsonb AS config FROM "Run" WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY "createdAt" DESC, id DESC LIMIT ${query.limit + 1}`;
    return pageFrom(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
  }

  /**
   * The completed run of the same target before `run` (one active run per target, so it
   * finished before `run` was created). Bound to `Run(targetId, status, finishedAt desc)`.
   */
  findPreviousCompleted(
    orgId: string,
    run: { targetId: string; createdAt: Date },
  ): Promise<Run | null> {
    return this.db.run.findFirst({
      where: {
        orgId,
        targetId: run.targetId,
        status: 'completed',
        finishedAt: { lt: run.createdAt },
      },
      orderBy: { finishedAt: 'desc' },
    });
  }

  /**
   * A run and the id of the completed run of its target before it, in one statement (the
   * comparison's first step): `Run(targetId, status, finishedAt desc)` for the previous one.
   */
  async findWithPreviousCompleted(
    orgId: string,
    id: string,
  ): Promise<{ run: { id: string; targetId: string }; previousRunId: string | null } | null> {
    const [row] = await this.db.$queryRaw<
      { id: string; targetId: string; previousRunId: string | null }[]
    >`
      SELECT r.id, r."targetId", (
        SELECT p.id FROM "Run" p
        WHERE p."orgId" = r."orgId" AND p."targetId" = r."targetId" AND p.status = 'completed'
          AND p."finishedAt" < r."createdAt"
        ORDER BY p."finishedAt" DESC LIMIT 1
      ) AS "previousRunId"
      FROM "Run" r WHERE r.id = ${id}::uuid AND r."orgId" = ${orgId}::uuid`;
    return row
      ? { run: { id: row.id, targetId: row.targetId }, previousRunId: row.previousRunId }
      : null;
  }

  /** Cancels a queued run at once; false when it was no longer queued. */
  async cancelQueued(orgId: string, id: string, now = new Date()): Promise<boolean> {
    const { count } = await this.db.run.updateMany({
      where: { orgId, id, status: 'queued' },
      data: {
        status: 'cancelled',
        finishedAt: now,
        cancelRequestedAt: now,
        failureReason: 'cancelled before it started',
      },
    });
    return count > 0;
  }

  /** Marks a queued run failed (e.g. its job could not be enqueued), so it blocks nothing. */
  async failQueued(orgId: string, id: string, reason: string, now = new Date()): Promise<void> {
    await this.db.run.updateMany({
      where: { orgId, id, status: 'queued' },
      data: { status: 'failed', finishedAt: now, failureReason: reason },
    });
  }

  /** Asks the worker to stop a running run; false when it was not running. */
  async requestCancel(orgId: string, id: string, now = new Date()): Promise<boolean> {
    const { count } = await this.db.run.updateMany({
      where: { orgId, id, status: 'running' },
      data: { cancelRequestedAt: now },
    });
    return count > 0;
  }

  /** The target's completed runs, newest `limit`, with their load p95 (charts). */
  historyForTarget(orgId: string, targetId: string, limit: number): Promise<RunHistoryRow[]> {
    return this.db.$queryRaw<RunHistoryRow[]>`
      SELECT r.id, r."createdAt", r."finishedAt", r.summary, r."regressionCount",
             l."latencyMs"
      FROM "Run" r LEFT JOIN "LoadResult" l ON l."runId" = r.id
      WHERE r."orgId" = ${orgId}::uuid AND r."targetId" = ${targetId}::uuid
        AND r.status = 'completed'
      ORDER BY r."finishedAt" DESC LIMIT ${limit}`;
  }
}
