import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { QUEUES, ScheduledRunJob } from '@shakedown/core/jobs';
import { ScheduleRepository } from '@shakedown/db';

import { PeriodicPass } from '../infra/periodic-pass';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { JobProducer } from '../infra/queue/job-producer';

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
    const data = ScheduledRunJob.payload.parse({
      scheduleId: schedule.id,
      orgId: schedule.orgId,
      targetId: schedule.targetId,
    });
    const { removeOnComplete, removeOnFail, attempts, backoff } = ScheduledRunJob.options;
    await this.producer.queue(QUEUES.schedules).upsertJobScheduler(
      ScheduledRunJob.jobId(data),
      { pattern: schedule.cron, tz: schedule.timezone },
      {
        name: ScheduledRunJob.name,
        data,
        opts: {
          ...(attempts !== undefined ? { attempts } : {}),
          ...(backoff !== undefined ? { backoff } : {}),
          ...(removeOnComplete !== undefined ? { removeOnComplete } : {}),
          ...(removeOnFail !== undefined ? { removeOnFail } : {}),
        },
      },
    );
  }

  async remove(scheduleId: string): Promise<void> {
    await this.producer
      .queue(QUEUES.schedules)
      .removeJobScheduler(`${SCHEDULER_PREFIX}${scheduleId}`);
  }
}

function schedulerIdOf(schedule: { id: string }): string {
  return `${SCHEDULER_PREFIX}${schedule.id}`;
}
