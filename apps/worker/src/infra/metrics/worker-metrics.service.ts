import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { LoadShardResult } from '@shakedown/core/load';
import { JobProducer, registerQueueMetrics } from '@shakedown/nest-infra';
import type { Job } from 'bullmq';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

import { WorkerLifecycle } from '../queue/worker-lifecycle.service';

export type JobOutcome = 'completed' | 'failed' | 'retried' | 'stalled';
export type WebhookAttemptOutcome = 'succeeded' | 'http_error' | 'network_error' | 'blocked';

/**
 * The worker's Prometheus metrics (one registry per app instance, so tests can run several):
 * queue depth and age, job durations and outcomes, probe requests by answer status, webhook
 * attempts by outcome, runs by final status, and Node's process metrics.
 */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap {
  readonly registry = new Registry();

  private readonly jobs = new Counter({
    name: 'shakedown_jobs_total',
    help: 'Jobs processed, by queue and outcome (retried: failed and will be tried again).',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'shakedown_job_duration_seconds',
    help: 'Time from a job starting on a worker to its outcome, by queue and outcome.',
    labelNames: ['queue', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });

  private readonly probeRequests = new Counter({
    name: 'shakedown_probe_requests_total',
    help: 'Requests the probes sent to targets, by the answer status code (none: no answer).',
    labelNames: ['code'],
    registers: [this.registry],
  });

  private readonly webhookAttempts = new Counter({
    name: 'shakedown_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome.',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  private readonly runsFinished = new Counter({
    name: 'shakedown_runs_finished_total',
    help: 'Runs the worker ended, by final status.',
    labelNames: ['status'],
    registers: [this.registry],
  });

  constructor(
    private readonly producer: JobProducer,
    private readonly lifecycle: WorkerLifecycle,
  ) {
    collectDefaultMetrics({ register: this.registry });
    registerQueueMetrics(this.registry, this.producer.all);
    for (const outcome of ['completed', 'failed', 'retried', 'stalled'] as const) {
      for (const queue of this.producer.all) this.jobs.inc({ queue: queue.name, outcome }, 0);
    }
    for (const outcome of ['succeeded', 'http_error', 'network_error', 'blocked'] as const) {
      this.webhookAttempts.inc({ outcome }, 0);
    }
  }

  onApplicationBootstrap(): void {
    for (const worker of this.lifecycle.workers()) {
      const queue = worker.name;
      worker.on('completed', (job: Job) => this.recordJob(queue, 'completed', job));
      worker.on('failed', (job: Job | undefined, error: Error) => {
        if (!job) return;
        this.recordJob(queue, isFinalFailure(job, error) ? 'failed' : 'retried', job);
      });
      worker.on('stalled', () => this.jobs.inc({ queue, outcome: 'stalled' }));
    }
  }

  recordProbeRequest(status: number | undefined): void {
    this.probeRequests.inc({ code: status === undefined ? 'none' : String(status) });
  }

  /** A load stage's (or shard's) requests, counted in bulk: by status, `none` for no answer. */
  recordLoadRequests(raw: Pick<LoadShardResult, 'statusCounts' | 'transportErrors'>): void {
    const counts: [string, number][] = [
      ...Object.entries(raw.statusCounts),
      ['none', raw.transportErrors],
    ];
    for (const [code, count] of counts) {
      if (count > 0) this.probeRequests.inc({ code }, count);
    }
  }

  recordWebhookAttempt(outcome: WebhookAttemptOutcome): void {
    this.webhookAttempts.inc({ outcome });
  }

  recordRunFinished(status: 'completed' | 'failed' | 'cancelled'): void {
    this.runsFinished.inc({ status });
  }

  private recordJob(queue: string, outcome: JobOutcome, job: Job): void {
    this.jobs.inc({ queue, outcome });
    if (job.processedOn) {
      const end = job.finishedOn ?? Date.now();
      this.jobDuration.observe({ queue, outcome }, Math.max(0, end - job.processedOn) / 1000);
    }
  }
}

/** Whether a `failed` event is the job's last: no attempts left, or not retryable at all. */
export function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, error: Error): boolean {
  if (error.name === 'UnrecoverableError') return true;
  return job.attemptsMade >= (job.opts.attempts ?? 1);
}
