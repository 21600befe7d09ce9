import { OnWorkerEvent } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { LoadShardJob, ProbeRunJob } from '@shakedown/core/jobs';
import { ReportSchema } from '@shakedown/core/report';
import { DelayedError, WaitingChildrenError, type Job } from 'bullmq';
import { z } from 'zod';
import { JobProducer } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { afterFinalFailure } from '../infra/queue/final-failure';
import { ContractProcessor, type PayloadOf } from '../infra/queue/contract-processor';
import { HandlesJob } from '../infra/queue/job-handler';
import { parseJobPayload } from '../infra/queue/job-payload';
import type { ShardedStageState } from './probe-run-outcome';
import { ProbeRunService } from './probe-run.service';

const ResumeSchema = z.object({
  resume: z.object({ probeReport: ReportSchema, shardCount: z.number().int().min(2) }),
});

/**
 * A run's job. Thin: the payload is parsed with the core contract and handed to the service;
 * what BullMQ must do next (delay a busy run, hand a run back at shutdown, wait for load shards)
 * is decided here.
 */
@HandlesJob(ProbeRunJob)
export class ProbeRunProcessor extends ContractProcessor<typeof ProbeRunJob> {
  private readonly logger = new Logger(ProbeRunProcessor.name);

  constructor(
    private readonly runs: ProbeRunService,
    private readonly producer: JobProducer,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    super();
  }

  protected async handle(
    payload: PayloadOf<typeof ProbeRunJob>,
    job: Job,
    token?: string,
  ): Promise<string> {
    let resume = readResume(job.data);
    for (;;) {
      const outcome = await this.runs.execute(payload, resume);
      switch (outcome.kind) {
        case 'busy':
          // Not an attempt: the job waits its turn without using up its retries.
          await job.moveToDelayed(Date.now() + jitter(this.config.RUN_BUSY_RETRY_MS), token);
          throw new DelayedError(outcome.reason);
        case 'handed-back':
          await job.moveToDelayed(Date.now(), token);
          throw new DelayedError('handed back at shutdown');
        case 'shard-load':
          await job.updateData({ ...payload, resume: outcome.state });
          await this.enqueueShards(job, outcome.state);
          if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
          resume = outcome.state;
          break;
        default:
          return outcome.kind;
      }
    }
  }

  /** A job that failed for good ends its run `failed`, saying why in words a user can read. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<void> {
    return afterFinalFailure(job, error, this.logger, async (failed) => {
      const payload = parseJobPayload(ProbeRunJob, failed.data);
      await this.runs.failAfterJobFailure(payload, describeJobFailure(failed, error, this.config));
    });
  }

  private async enqueueShards(job: Job, state: ShardedStageState): Promise<void> {
    const { runId, orgId } = parseJobPayload(ProbeRunJob, job.data);
    for (let shardIndex = 0; shardIndex < state.shardCount; shardIndex += 1) {
      await this.producer.enqueue(
        LoadShardJob,
        { runId, orgId, shardIndex, shardCount: state.shardCount },
        { parent: { id: job.id!, queue: job.queueQualifiedName }, failParentOnFailure: true },
      );
    }
  }
}

function readResume(data: unknown): ShardedStageState | undefined {
  const parsed = ResumeSchema.safeParse(data);
  return parsed.success ? parsed.data.resume : undefined;
}

function jitter(ms: number): number {
  return Math.round(ms * (0.75 + Math.random() * 0.5));
}

export function describeJobFailure(
  job: Pick<Job, 'attemptsMade'>,
  error: Error,
  config: Pick<WorkerConfig, 'JOB_MAX_STALLED_COUNT'>,
): string {
  if (/stalled more than allowable limit/.test(error.message)) {
    const times = config.JOB_MAX_STALLED_COUNT + 1;
    return (
      `The worker running this run stopped (crashed or lost its connection) ${times} ` +
      `time${times === 1 ? '' : 's'}; the run was given up.`
    );
  }
  return `The run could not complete after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${error.message}`;
}
