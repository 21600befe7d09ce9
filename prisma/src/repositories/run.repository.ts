import { Prisma, type PrismaClient, type Run } from '../generated/prisma/client';
import {
  decodeTimeCursor,
  isUniqueViolation,
  pageFrom,
  type DbClient,
  type RowPage,
} from './db-client';
import {
  admitRun,
  claimRun,
  configSnapshot,
  type CreateRunInput,
  type RunClaim,
} from './run-admission';
import { completeRun, type RunResults } from './run-results';
import {
  ACTIVE_RUN_STATUSES,
  LIST_COLUMNS,
  runToProcessSelect,
  slotRunSelect,
  type ActiveRunRef,
  type LoadShardRow,
  type RunHistoryRow,
  type RunListQuery,
  type RunLogLine,
  type RunToProcess,
  type SlotRun,
} from './run-rows';

/**
 * The run aggregate: the `Run` row through its life (admitted, claimed, progressing, completed,
 * failed, cancelled or handed back), and what hangs off it while it runs (its log and the
 * results of its load shards). The API, the schedules and the worker all go through here, so a
 * run changes state in one place. Findings, checks and load results are read through
 * `FindingRepository`. Rules under the organisation's lock are in `run-admission.ts`; the
 * results a completion stores in `run-results.ts`.
 */
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
   * organisation is at its concurrent or daily limit (throws `RunCreationRefusedError`).
   * Answers null when the target is not the organisation's. Enqueueing is the caller's job.
   */
  createQueuedRun(orgId: string, input: CreateRunInput, now = new Date()): Promise<Run | null> {
    return this.transaction((tx) => admitRun(tx, orgId, input, now));
  }

  /**
   * Moves a run to `running` when fairness allows: no other run of its target is running and
   * the organisation is under its concurrent-run limit. A run already `running` (a retry after
   * a crash) is claimed again by whoever holds its job.
   */
  claimRun(orgId: string, runId: string): Promise<RunClaim> {
    return this.transaction((tx) => claimRun(tx, orgId, runId));
  }

  findForOrg(orgId: string, id: string): Promise<Run | null> {
    return this.db.run.findFirst({ where: { orgId, id } });
  }

  /** The run with its target and its organisation's limits: what the worker executes. */
  async findRunToProcess(orgId: string, runId: string): Promise<RunToProcess | null> {
    const run = await this.db.run.findFirst({
      where: { id: runId, orgId },
      select: runToProcessSelect,
    });
    if (!run) return null;
    return { ...run, org: { ...run.org, maxBytes: Number(run.org.maxBytes) } };
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
    const rows = await this.db.$queryRaw<Run[]>`
      SELECT ${LIST_COLUMNS}, NULL::jsonb AS config, NULL::text AS "secretsCiphertext" FROM "Run" WHERE ${Prisma.join(conditions, ' AND ')}
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

  /**
   * Stores a run's checks, findings and load result and marks it `completed`, in one
   * transaction. Returns false, storing nothing, when the run is no longer `running`.
   */
  completeRun(orgId: string, runId: string, results: RunResults): Promise<boolean> {
    return this.transaction((tx) => completeRun(tx, orgId, runId, results), { timeout: 60_000 });
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

  /**
   * The latest cron slot of a schedule that has a run (or a skipped slot's record); null when
   * none has. A run is unique per (schedule, slot), so a slot fires once however many times,
   * and by however many workers, its job is processed.
   */
  async findLatestSlot(orgId: string, scheduleId: string): Promise<Date | null> {
    const run = await this.db.run.findFirst({
      where: { orgId, scheduleId, scheduleSlot: { not: null } },
      orderBy: { scheduleSlot: 'desc' },
      select: { scheduleSlot: true },
    });
    return run?.scheduleSlot ?? null;
  }

  findSlotRun(orgId: string, scheduleId: string, slot: Date): Promise<SlotRun | null> {
    return this.db.run.findFirst({
      where: { orgId, scheduleId, scheduleSlot: slot },
      select: slotRunSelect,
    });
  }

  /**
   * Records a slot that did not run (the target was busy, a limit was reached, or no worker
   * was running at the time) as a `cancelled` run with the reason, so the history shows it and
   * the slot cannot fire later. Returns the slot's run, whoever recorded it.
   */
  async recordSkippedSlot(
    orgId: string,
    input: Pick<CreateRunInput, 'targetId' | 'probes'> & {
      scheduleId: string;
      slot: Date;
      reason: string;
    },
  ): Promise<SlotRun> {
    const snapshot = await configSnapshot(this.db, orgId, input.targetId);
    try {
      return await this.db.run.create({
        data: {
          orgId,
          targetId: input.targetId,
          trigger: 'schedule',
          probes: input.probes,
          config: snapshot?.config ?? {},
          secretsCiphertext: snapshot?.secretsCiphertext ?? null,
          scheduleId: input.scheduleId,
          scheduleSlot: input.slot,
          status: 'cancelled',
          finishedAt: new Date(),
          failureReason: input.reason,
        },
        select: slotRunSelect,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findSlotRun(orgId, input.scheduleId, input.slot);
      if (!existing) throw error;
      return existing;
    }
  }

  /** Runs `work` in the caller's transaction, or in a new one. */
  private transaction<T>(
    work: (tx: Prisma.TransactionClient) => Promise<T>,
    options?: { timeout: number },
  ): Promise<T> {
    if (this.inTransaction) return work(this.db);
    return (this.db as PrismaClient).$transaction(work, options);
  }
}
