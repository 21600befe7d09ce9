import { Inject, Injectable } from '@nestjs/common';
import { ScheduleRepository, TargetRepository } from '@shakedown/db';
import type { PutScheduleRequest, Schedule } from '@shakedown/core/contract';
import { QUEUES, ScheduledRunJob } from '@shakedown/core/jobs';

import { AuditService } from '../audit/audit.service';
import { invalidInput, notFound } from '../common/api-error';
import type { RequestContext } from '../common/request-context';
import { QueueService } from '../infra/queue.service';
import { toScheduleDto } from './targets.dto';
import { scheduleIssues } from './schedule-rules';

export function schedulerIdOf(scheduleId: string): string {
  return `schedule:${scheduleId}`;
}

/**
 * A target's schedule: the Schedule row, and a BullMQ job scheduler on the `schedules` queue
 * that fires `ScheduledRunJob` at each slot (the worker turns it into a run, and reconciles
 * schedulers with the rows at start-up).
 */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(ScheduleRepository) private readonly schedules: ScheduleRepository,
    @Inject(TargetRepository) private readonly targets: TargetRepository,
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async put(ctx: RequestContext, targetId: string, input: PutScheduleRequest): Promise<Schedule> {
    const target = await this.targets.findForOrg(ctx.orgId, targetId);
    if (!target) throw notFound('target');
    const issues = scheduleIssues(input.cron, input.timezone);
    if (issues.length > 0) throw invalidInput(issues);
    const schedule = await this.schedules.upsert(ctx.orgId, targetId, {
      cron: input.cron,
      timezone: input.timezone,
      probes: input.probes ?? [],
      enabled: input.enabled,
    });
    if (schedule.enabled) {
      const { attempts, backoff, removeOnComplete, removeOnFail } = ScheduledRunJob.options;
      await this.queues.upsertScheduler(
        QUEUES.schedules,
        schedulerIdOf(schedule.id),
        { pattern: schedule.cron, tz: schedule.timezone },
        {
          name: ScheduledRunJob.name,
          data: ScheduledRunJob.payload.parse({
            scheduleId: schedule.id,
            orgId: ctx.orgId,
            targetId,
          }),
          opts: {
            ...(attempts === undefined ? {} : { attempts }),
            ...(backoff === undefined ? {} : { backoff }),
            ...(removeOnComplete === undefined ? {} : { removeOnComplete }),
            ...(removeOnFail === undefined ? {} : { removeOnFail }),
          },
        },
      );
    } else {
      await this.removeScheduler(schedule.id);
    }
    await this.audit.record(
      ctx,
      'schedule.updated',
      { type: 'target', id: targetId },
      {
        cron: schedule.cron,
        timezone: schedule.timezone,
        enabled: schedule.enabled,
      },
    );
    return toScheduleDto(schedule);
  }

  async delete(ctx: RequestContext, targetId: string): Promise<void> {
    const schedule = await this.schedules.deleteForTarget(ctx.orgId, targetId);
    if (!schedule) throw notFound('schedule');
    await this.removeScheduler(schedule.id);
    await this.audit.record(ctx, 'schedule.deleted', { type: 'target', id: targetId });
  }

  async removeScheduler(scheduleId: string): Promise<void> {
    await this.queues.removeScheduler(QUEUES.schedules, schedulerIdOf(scheduleId));
  }
}
