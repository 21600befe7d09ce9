import { OnWorkerEvent } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { WebhookDeliveryJob } from '@shakedown/core/jobs';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { afterFinalFailure } from '../infra/queue/final-failure';
import { ContractProcessor, type PayloadOf } from '../infra/queue/contract-processor';
import { HandlesJob } from '../infra/queue/job-handler';
import { parseJobPayload } from '../infra/queue/job-payload';
import { RetryLaterError, WEBHOOK_BACKOFF_TYPE, webhookRetryDelay } from './webhook-backoff';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** One attempt of one webhook delivery per job run; BullMQ schedules the retries. */
@HandlesJob(WebhookDeliveryJob)
export class WebhookDeliveryProcessor extends ContractProcessor<typeof WebhookDeliveryJob> {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    super();
  }

  protected async handle(
    payload: PayloadOf<typeof WebhookDeliveryJob>,
    job: Job,
    token?: string,
  ): Promise<string> {
    const outcome = await this.deliveries.deliver(payload, {
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
      retryDelayMs: this.nextDelay(job),
    });
    switch (outcome.kind) {
      case 'retry':
        throw new RetryLaterError(outcome.reason, outcome.delayMs);
      case 'throttled':
        // Not an attempt: the job waits for the endpoint's next window, its attempts intact.
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError(outcome.reason);
      case 'gave-up':
        throw new UnrecoverableError(outcome.reason);
      case 'delivered':
        return `delivered (${outcome.status})`;
      case 'skipped':
        return outcome.reason;
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    // An unrecoverable failure was a decision of the delivery itself, already recorded.
    if (error.name === 'UnrecoverableError') return;
    await afterFinalFailure(job, error, this.logger, async (failed) => {
      const payload = parseJobPayload(WebhookDeliveryJob, failed.data);
      await this.deliveries.giveUp(payload, `the delivery stopped on an error: ${error.message}`);
    });
  }

  /** The delay BullMQ will wait after this attempt fails: ours, or its built-in backoff's. */
  private nextDelay(job: Job): number {
    const backoff = job.opts.backoff;
    const failed = job.attemptsMade + 1;
    if (typeof backoff === 'object' && backoff.type !== WEBHOOK_BACKOFF_TYPE) {
      const delay = backoff.delay ?? 0;
      return backoff.type === 'exponential' ? delay * 2 ** (failed - 1) : delay;
    }
    if (typeof backoff === 'number') return backoff;
    return webhookRetryDelay(failed, {
      baseMs: this.config.WEBHOOK_BACKOFF_MS,
      jitter: this.config.WEBHOOK_BACKOFF_JITTER,
    });
  }
}
