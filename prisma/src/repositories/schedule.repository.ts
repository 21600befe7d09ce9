import type { Schedule } from '../generated/prisma/client';
import type { DbClient } from './db-client';

export interface ScheduleInput {
  cron: string;
  timezone: string;
  probes: string[];
  enabled: boolean;
}

export class ScheduleRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): ScheduleRepository {
    return new ScheduleRepository(db);
  }

  /** The caller has checked that `targetId` belongs to `orgId`. */
  upsert(orgId: string, targetId: string, input: ScheduleInput): Promise<Schedule> {
    return this.db.schedule.upsert({
      where: { targetId },
      create: { orgId, targetId, ...input },
      update: input,
    });
  }

  findForTarget(orgId: string, targetId: string): Promise<Schedule | null> {
    return this.db.schedule.findFirst({ where: { orgId, targetId } });
  }

  async deleteForTarget(orgId: string, targetId: string): Promise<Schedule | null> {
    const schedule = await this.findForTarget(orgId, targetId);
    if (!schedule) return null;
    await this.db.schedule.deleteMany({ where: { orgId, id: schedule.id } });
    return schedule;
  }

  /** Every enabled schedule of every organisation: the worker reconciles job schedulers. */
  unsafeListEnabled(): Promise<Schedule[]> {
    return this.db.schedule.findMany({ where: { enabled: true }, orderBy: { id: 'asc' } });
  }

  /** A schedule by id whatever its organisation: the scheduled job carries the id. */
  unsafeFindById(id: string): Promise<Schedule | null> {
    return this.db.schedule.findUnique({ where: { id } });
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
