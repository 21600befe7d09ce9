import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QUEUES, type JobContract } from '@shakedown/core/jobs';
import type { Job, JobsOptions, Queue } from 'bullmq';
import type { z } from 'zod';

/**
 * The worker's producer (it enqueues probe runs for schedules and webhook deliveries for run
 * events): applies a job contract's name, deterministic id and default options, so a duplicate
 * enqueue is a no-op, and validates the payload with the contract's schema.
 */
@Injectable()
export class JobProducer {
  private readonly queues: ReadonlyMap<string, Queue>;

  constructor(
    @InjectQueue(QUEUES.probeRuns) probeRuns: Queue,
    @InjectQueue(QUEUES.loadShards) loadShards: Queue,
    @InjectQueue(QUEUES.schedules) schedules: Queue,
    @InjectQueue(QUEUES.webhookDeliveries) webhookDeliveries: Queue,
  ) {
    this.queues = new Map(
      [probeRuns, loadShards, schedules, webhookDeliveries].map((queue) => [queue.name, queue]),
    );
  }

  /** Every queue of the product, for metrics and the reaper. */
  get all(): Queue[] {
    return [...this.queues.values()];
  }

  queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`no queue named ${name}`);
    return queue;
  }

  async enqueue<Payload extends z.ZodType>(
    contract: JobContract<Payload>,
    payload: z.input<Payload>,
    overrides: JobsOptions = {},
  ): Promise<Job> {
    const data = contract.payload.parse(payload);
    return this.queue(contract.queue).add(contract.name, data, {
      ...contract.options,
      jobId: contract.jobId(data),
      ...overrides,
    });
  }
}
