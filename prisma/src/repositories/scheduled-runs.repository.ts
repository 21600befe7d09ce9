import type { Prisma, RunStatus } from '../generated/prisma/client';
import { isUniqueViolation, type DbClient } from './db-client';

/**
 * The runs that schedules' cron slots create. A run is unique per (schedule, slot), so a slot
 * fires once however many times, and by however many workers, its job is processed. Runs are
 * created by `RunRepository.createQueuedRun` (the API's rules); this holds the rest.
 */

export interface SlotRun {
  id: string;
  orgId: string;
  status: RunStatus;
  probes: string[];
  scheduleSlot: Date | null;
}

const slotRunSelect = {
  id: true,
  orgId: true,
  status: true,
  probes: true,
  scheduleSlot: true,
} satisfies Prisma.RunSelect;

export class ScheduledRunsRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): ScheduledRunsRepository {
    return new ScheduledRunsRepository(db);
  }

  /** The latest slot that has a run (or a skipped slot's record); null when none has. */
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

  /** The runs of a schedule by slot, oldest first. */
  listSlotRuns(orgId: string, scheduleId: string, limit = 1000): Promise<SlotRun[]> {
    return this.db.run.findMany({
      where: { orgId, scheduleId },
      orderBy: { scheduleSlot: 'asc' },
      take: limit,
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
    input: {
      scheduleId: string;
      targetId: string;
      slot: Date;
      probes: string[];
      config: Prisma.InputJsonValue;
      reason: string;
    },
  ): Promise<SlotRun> {
    const now = new Date();
    try {
      return await this.db.run.create({
        data: {
          orgId,
          targetId: input.targetId,
          trigger: 'schedule',
          probes: input.probes,
          config: input.config,
          scheduleId: input.scheduleId,
          scheduleSlot: input.slot,
          status: 'cancelled',
          finishedAt: now,
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

  /** Notes the latest slot that fired on the schedule (shown as its last run). */
  async markFired(orgId: string, scheduleId: string, slot: Date): Promise<void> {
    await this.db.schedule.updateMany({
      where: {
        id: scheduleId,
        orgId,
        OR: [{ lastRunAt: null }, { lastRunAt: { lt: slot } }],
      },
      data: { lastRunAt: slot },
    });
  }
}
