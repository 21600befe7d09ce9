import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ProbeRunJob } from '@shakedown/core/jobs';
import { RunRepository } from '@shakedown/db';
import { JobProducer } from '@shakedown/nest-infra';

import { PeriodicPass } from '../infra/periodic-pass';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { ProbeRunService } from './probe-run.service';

/** Runs younger than this are left alone: their job may be on its way. */
const MIN_AGE_MS = 60_000;
const BATCH = 200;
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * The safety net behind "no run stays `running` (or `queued`) forever": every
 * RUN_REAPER_INTERVAL_MS it compares the active runs with their jobs. A queued run without a
 * job (the API stopped between storing and enqueueing) is enqueued; a run whose job failed or
 * vanished is failed with the reason. Idempotent, so several workers may reap at once.
 */
@Injectable()
export class RunReaper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunReaper.name);
  private readonly passes = new PeriodicPass(
    () => this.reap(),
    (error) => this.logger.error({ err: error }, 'run reaper failed'),
  );

  constructor(
    private readonly runs: RunRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly producer: JobProducer,
    private readonly probeRuns: ProbeRunService,
  ) {}

  onApplicationBootstrap(): void {
    this.passes.start(this.config.RUN_REAPER_INTERVAL_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass; returns what it did, for the logs and the tests. */
  async reap(now = new Date()): Promise<{ enqueued: string[]; failed: string[] }> {
    const candidates = await this.runs.unsafeListActiveRuns({
      createdBefore: new Date(now.getTime() - MIN_AGE_MS),
      limit: BATCH,
    });
    const queue = this.producer.queue(ProbeRunJob.queue);
    const enqueued: string[] = [];
    const failed: string[] = [];
    for (const run of candidates) {
      const jobId = ProbeRunJob.jobId({ runId: run.id, orgId: run.orgId });
      const state = await queue.getJobState(jobId);
      if (LIVE_STATES.has(state)) continue;
      const payload = { runId: run.id, orgId: run.orgId };
      if (state === 'unknown' && run.status === 'queued') {
        await this.producer.enqueue(ProbeRunJob, payload);
        enqueued.push(run.id);
        continue;
      }
      const job = state === 'failed' ? await queue.getJob(jobId) : undefined;
      const reason =
        state === 'failed'
          ? `The run's job failed: ${job?.failedReason ?? 'no reason recorded'}`
          : 'The run was lost: its job is gone from the queue while the run was still running.';
      await this.probeRuns.failAfterJobFailure(payload, reason);
      failed.push(run.id);
    }
    if (enqueued.length > 0 || failed.length > 0) {
      this.logger.warn({ enqueued, failed }, 'reaped runs without a live job');
    }
    return { enqueued, failed };
  }
}
