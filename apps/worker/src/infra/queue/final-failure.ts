import type { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

import { isFinalFailure } from '../metrics/worker-metrics.service';

/**
 * What a processor does once a job has failed for good (no attempt left, or unrecoverable):
 * `settle` ends the job's run; a failure of that is logged, never thrown into BullMQ's events.
 */
export async function afterFinalFailure(
  job: Job | undefined,
  error: Error,
  logger: Logger,
  settle: (job: Job) => Promise<void>,
): Promise<void> {
  if (!job || !isFinalFailure(job, error)) return;
  try {
    await settle(job);
  } catch (cause) {
    logger.error({ err: cause, jobId: job.id }, 'could not end the run of a job that failed');
  }
}
