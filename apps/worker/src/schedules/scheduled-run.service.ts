import { Inject, Injectable, Logger } from '@nestjs/common';
import { ProbeRunJob, type ScheduledRunPayload } from '@shakedown/core/jobs';
import {
  isUniqueViolation,
  RunCreationRefusedError,
  RunRepository,
  ScheduleRepository,
  TargetRepository,
} from '@shakedown/db';
import { JobProducer } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { ScheduleReconciler } from './schedule-reconciler.service';
import { dueSlots } from './schedule-slots';

export type FireResult =
  /** The schedule is gone or disabled; its scheduler was removed. */
  | { kind: 'stale' }
  | { kind: 'fired'; slot: Date; runId: string; status: string; missed: number }
  | { kind: 'nothing-due' };

/**
 * One firing of a schedule's job scheduler: creates the run of the due cron slot under the
 * API's run rules (one active run per target, organisation limits) and enqueues it. A slot that
 * cannot run (target busy, a limit reached) and slots missed while no worker was running are
 * recorded as skipped runs with the reason. Each slot gets exactly one run, whatever the
 * retries, restarts or number of workers: the run's unique (schedule, slot) is the guard.
 */
@Injectable()
export class ScheduledRunService {
  private readonly logger = new Logger(ScheduledRunService.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly schedules: ScheduleRepository,
    private readonly targets: TargetRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly producer: JobProducer,
    private readonly reconciler: ScheduleReconciler,
  ) {}

  async fire(payload: ScheduledRunPayload, jobSlot: Date, now = new Date()): Promise<FireResult> {
    const { orgId, scheduleId } = payload;
    const schedule = await this.schedules.unsafeFindById(scheduleId);
    const target =
      schedule && schedule.orgId === orgId && schedule.enabled
        ? await this.targets.findForOrg(orgId, schedule.targetId)
        : null;
    if (!schedule || !target) {
      await this.reconciler.remove(payload);
      this.logger.log(
        { scheduleId, orgId },
        'removed the scheduler of a deleted or disabled schedule',
      );
      return { kind: 'stale' };
    }
    const due = dueSlots({
      cron: schedule.cron,
      timezone: schedule.timezone,
      jobSlot,
      lastRecorded: await this.runs.findLatestSlot(orgId, scheduleId),
      now,
      missedLimit: this.config.SCHEDULE_CATCHUP_LIMIT,
    });
    const base = {
      scheduleId,
      targetId: schedule.targetId,
      probes: schedule.probes,
    };
    // Oldest first: if this stops half-way, the next firing starts after the last recorded slot.
    for (const slot of due.missed) {
      await this.runs.recordSkippedSlot(orgId, {
        ...base,
        slot,
        reason: `Missed: no worker was running at ${slot.toISOString()}; the schedule resumed later.`,
      });
    }
    if (!due.run) return { kind: 'nothing-due' };
    const slot = due.run;

    let run = await this.runs.findSlotRun(orgId, scheduleId, slot);
    if (!run) {
      try {
        const created = await this.runs.createQueuedRun(orgId, {
          targetId: schedule.targetId,
          trigger: 'schedule',
          probes: schedule.probes,
          scheduleId,
          scheduleSlot: slot,
        });
        run = created && { ...created, scheduleSlot: slot };
      } catch (error) {
        if (error instanceof RunCreationRefusedError) {
          run = await this.runs.recordSkippedSlot(orgId, {
            ...base,
            slot,
            reason: `Skipped: ${error.message}.`,
          });
        } else if (isUniqueViolation(error)) {
          run = await this.runs.findSlotRun(orgId, scheduleId, slot);
        } else {
          throw error;
        }
      }
    }
    if (!run) return { kind: 'stale' };
    // Enqueueing is idempotent (the job id is the run's), so a retried firing is harmless.
    if (run.status === 'queued') await this.producer.enqueue(ProbeRunJob, { runId: run.id, orgId });
    await this.schedules.markFired(orgId, scheduleId, slot);
    return { kind: 'fired', slot, runId: run.id, status: run.status, missed: due.missed.length };
  }
}
