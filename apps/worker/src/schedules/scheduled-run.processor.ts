import { ScheduledRunJob } from '@shakedown/core/jobs';
import type { Job } from 'bullmq';

import { ContractProcessor, type PayloadOf } from '../infra/queue/contract-processor';
import { HandlesJob } from '../infra/queue/job-handler';
import { ScheduledRunService, type FireResult } from './scheduled-run.service';

/** A job scheduler's job for one cron slot of a schedule → the slot's run. */
@HandlesJob(ScheduledRunJob)
export class ScheduledRunProcessor extends ContractProcessor<typeof ScheduledRunJob, FireResult> {
  constructor(private readonly scheduledRuns: ScheduledRunService) {
    super();
  }

  protected handle(payload: PayloadOf<typeof ScheduledRunJob>, job: Job): Promise<FireResult> {
    return this.scheduledRuns.fire(payload, slotOf(job));
  }
}

/** The cron slot a scheduler's job stands for: BullMQ keeps it as `prevMillis` and in the id. */
export function slotOf(job: Pick<Job, 'id' | 'opts' | 'timestamp'>): Date {
  if (typeof job.opts.prevMillis === 'number') return new Date(job.opts.prevMillis);
  const millis = Number(job.id?.split(':').pop());
  return new Date(Number.isFinite(millis) && millis > 0 ? millis : job.timestamp);
}
