import { Inject, Injectable } from '@nestjs/common';
import {
  ScheduleRepository,
  TargetRepository,
  type Schedule as ScheduleEntity,
} from '@shakedown/db';
import type { PutScheduleRequest, Schedule } from '@shakedown/core/contract';
import { ScheduledRunJob } from '@shakedown/core/jobs';
import { JobProducer } from '@shakedown/nest-infra';

import { AuditService } from '../audit/audit.service';
import { invalidInput, notFound } from '../common/api-error';
import type { RequestContext } from '../common/request-context';
import { toScheduleDto } from './targets.dto';
import { scheduleIssues } from './schedule-rules';

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
    @Inject(JobProducer) private readonly producer: JobProducer,
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
      await this.producer.upsertScheduler(ScheduledRunJob, scheduledRunOf(schedule), {
        pattern: schedule.cron,
        tz: schedule.timezone,
      });
    } else {
      await this.removeScheduler(schedule);
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
    await this.removeScheduler(schedule);
    await this.audit.record(ctx, 'schedule.deleted', { type: 'target', id: targetId });
  }

  async removeScheduler(schedule: ScheduleRow): Promise<void> {
    await this.producer.removeScheduler(ScheduledRunJob, scheduledRunOf(schedule));
  }
}

type ScheduleRow = Pick<ScheduleEntity, 'id' | 'orgId' | 'targetId'>;

/** The job each slot of the schedule adds; its scheduler is named after it. */
function scheduledRunOf(schedule: ScheduleRow) {
  return { scheduleId: schedule.id, orgId: schedule.orgId, targetId: schedule.targetId };
}
