import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { QUEUES, ScheduledRunJob, type ScheduledRunPayload } from '@shakedown/core/jobs';
import { ScheduleRepository } from '@shakedown/db';
import { JobProducer } from '@shakedown/nest-infra';

import { PeriodicPass } from '../infra/periodic-pass';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';

export interface ScheduleDefinition {
  id: string;
  orgId: string;
  targetId: string;
  cron: string;
  timezone: string;
}

const SCHEDULER_PREFIX = 'schedule:';

/**
 * Keeps BullMQ's job schedulers (in Redis) in step with the schedules (in PostgreSQL): one
 * scheduler `schedule:<id>` per enabled schedule, with its cron pattern and time zone; none
 * for disabled or deleted schedules. Runs at start-up and every SCHEDULE_RECONCILE_INTERVAL_MS,
 * so schedules survive a Redis that lost its data and changes the API made while no worker ran.
 * Safe with several workers reconciling at once: upserts and removals are idempotent.
 */
@Injectable()
export class ScheduleReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ScheduleReconciler.name);
  private readonly passes = new PeriodicPass(
    () => this.reconcile(),
    (error) => this.logger.error({ err: error }, 'schedule reconciliation failed'),
  );

  constructor(
    private readonly schedules: ScheduleRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly producer: JobProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.passes.start(this.config.SCHEDULE_RECONCILE_INTERVAL_MS, { runNow: true });
  }

  onModuleDestroy(): Promise<void> {
    return this.passes.stop();
  }

  async reconcile(): Promise<{ upserted: string[]; removed: string[] }> {
    const wanted = await this.schedules.unsafeListEnabled();
    const queue = this.producer.queue(QUEUES.schedules);
    const existing = new Map(
      (await queue.getJobSchedulers(0, -1, true)).map((scheduler) => [scheduler.key, scheduler]),
    );
    const upserted: string[] = [];
    for (const schedule of wanted) {
      const id = schedulerIdOf(schedule);
      const current = existing.get(id);
      if (
        current &&
        current.pattern === schedule.cron &&
        (current.tz ?? 'UTC') === schedule.timezone
      ) {
        continue;
      }
      try {
        await this.upsert(schedule);
        upserted.push(id);
      } catch (error) {
        this.logger.error(
          { err: error, scheduleId: schedule.id, orgId: schedule.orgId },
          `schedule "${schedule.cron}" (${schedule.timezone}) cannot be scheduled`,
        );
      }
    }
    const wantedIds = new Set(wanted.map(schedulerIdOf));
    const removed: string[] = [];
    for (const key of existing.keys()) {
      if (key.startsWith(SCHEDULER_PREFIX) && !wantedIds.has(key)) {
        await queue.removeJobScheduler(key);
        removed.push(key);
      }
    }
    if (upserted.length > 0 || removed.length > 0) {
      this.logger.log(
        { upserted: upserted.length, removed: removed.length },
        'schedules reconciled',
      );
    }
    return { upserted, removed };
  }

  async upsert(schedule: ScheduleDefinition): Promise<void> {
    await this.producer.upsertScheduler(ScheduledRunJob, scheduledRunOf(schedule), {
      pattern: schedule.cron,
      tz: schedule.timezone,
    });
  }

  /** Removes the scheduler of a schedule that was deleted or disabled. */
  async remove(payload: ScheduledRunPayload): Promise<void> {
    await this.producer.removeScheduler(ScheduledRunJob, payload);
  }
}

function scheduledRunOf(schedule: ScheduleDefinition): ScheduledRunPayload {
  return { scheduleId: schedule.id, orgId: schedule.orgId, targetId: schedule.targetId };
}

function schedulerIdOf(schedule: ScheduleDefinition): string {
  return ScheduledRunJob.jobId(scheduledRunOf(schedule));
}
