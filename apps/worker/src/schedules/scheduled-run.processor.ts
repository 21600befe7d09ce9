import { WorkerHost } from '@nestjs/bullmq';
import { ScheduledRunJob } from '@shakedown/core/jobs';
import type { Job } from 'bullmq';

import { HandlesJob } from '../infra/queue/job-handler';
import { parseJobPayload } from '../infra/queue/job-payload';
import { ScheduledRunService, type FireResult } from './scheduled-run.service';

/** A job scheduler's job for one cron slot of a schedule → the slot's run. */
@HandlesJob(ScheduledRunJob)
export class ScheduledRunProcessor extends WorkerHost {
  constructor(private readonly scheduledRuns: ScheduledRunService) {
    super();
  }

  async process(job: Job): Promise<FireResult> {
    const payload = parseJobPayload(ScheduledRunJob, job.data);
    return this.scheduledRuns.fire(payload, slotOf(job));
  }
}

/** The cron slot a scheduler's job stands for: BullMQ keeps it as `prevMillis` and in the id. */
export function slotOf(job: Pick<Job, 'id' | 'opts' | 'timestamp'>): Date {
  if (typeof job.opts.prevMillis === 'number') return new Date(job.opts.prevMillis);
  const millis = Number(job.id?.split(':').pop());
  return new Date(Number.isFinite(millis) && millis > 0 ? millis : job.timestamp);
}
