import { OnWorkerEvent } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { LoadShardJob } from '@shakedown/core/jobs';
import { DelayedError, type Job } from 'bullmq';

import { afterFinalFailure } from '../infra/queue/final-failure';
import { ContractProcessor, type PayloadOf } from '../infra/queue/contract-processor';
import { HandlesJob } from '../infra/queue/job-handler';
import { parseJobPayload } from '../infra/queue/job-payload';
import { LoadShardService } from './load-shard.service';

/** One shard of a run's load stage; a child job of the run's job (a BullMQ flow). */
@HandlesJob(LoadShardJob)
export class LoadShardProcessor extends ContractProcessor<typeof LoadShardJob> {
  private readonly logger = new Logger(LoadShardProcessor.name);

  constructor(private readonly shards: LoadShardService) {
    super();
  }

  protected async handle(
    payload: PayloadOf<typeof LoadShardJob>,
    job: Job,
    token?: string,
  ): Promise<string> {
    const outcome = await this.shards.runShard(payload);
    if (outcome.kind === 'handed-back') {
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError('handed back at shutdown');
    }
    return outcome.kind === 'stored' ? `stored ${outcome.requests} requests` : outcome.reason;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<void> {
    return afterFinalFailure(job, error, this.logger, async (failed) => {
      const payload = parseJobPayload(LoadShardJob, failed.data);
      await this.shards.failRun(
        payload,
        `Load shard ${payload.shardIndex + 1} of ${payload.shardCount} failed: ${error.message}`,
      );
    });
  }
}
