import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { QUEUES, type JobContract } from '@shakedown/core/jobs';
import { Queue, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq';
import type { z } from 'zod';

import { DEPLOYMENT_CONFIG } from '../config/config.module';
import type { DeploymentConfig } from '../config/deployment-env';

/**
 * The one producer side of BullMQ, in the api (runs, schedules) and the worker (scheduled runs,
 * load shards, webhook deliveries) alike: a job contract of `@shakedown/core/jobs` applied
 * unchanged (payload validated by its schema, deterministic id so a duplicate enqueue is a
 * no-op, backoff and retention), on queues under `REDIS_PREFIX`.
 */
@Injectable()
export class JobProducer implements OnModuleDestroy {
  private readonly logger = new Logger(JobProducer.name);
  private readonly queues = new Map<string, Queue>();

  constructor(@Inject(DEPLOYMENT_CONFIG) private readonly config: DeploymentConfig) {}

  /** Every queue of the product (metrics, the reaper). */
  get all(): Queue[] {
    return Object.values(QUEUES).map((name) => this.queue(name));
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Each queue owns its connection: BullMQ closes a queue on a *shared* connection during its
      // start-up by dropping its error listeners, and the start-up then fails unheard when the
      // shared client quits (an unhandled 'error' that can crash the process on shutdown).
      queue = new Queue(name, {
        connection: { url: this.config.REDIS_URL, maxRetriesPerRequest: 2 } as ConnectionOptions,
        prefix: this.config.REDIS_PREFIX,
      });
      // Without a listener an 'error' event (Redis gone, or closing) would crash the process.
      queue.on('error', (error: unknown) =>
        this.logger.warn({ err: error, queue: name }, 'queue error'),
      );
      this.queues.set(name, queue);
    }
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

  /** Removes a job that has not started; false when it is running (locked), so it stays. */
  async remove<Payload extends z.ZodType>(
    contract: JobContract<Payload>,
    payload: z.input<Payload>,
  ): Promise<boolean> {
    const jobId = contract.jobId(contract.payload.parse(payload));
    try {
      return (await this.queue(contract.queue).remove(jobId)) === 1;
    } catch (error) {
      this.logger.warn({ err: error, jobId }, 'could not remove a queued job');
      return false;
    }
  }

  /**
   * A job scheduler that adds the contract's job with `payload` at every slot of `repeat`. Its
   * id is the job id of `payload`, so upserting again replaces it.
   */
  async upsertScheduler<Payload extends z.ZodType>(
    contract: JobContract<Payload>,
    payload: z.input<Payload>,
    repeat: { pattern: string; tz: string },
  ): Promise<void> {
    const data = contract.payload.parse(payload);
    const { attempts, backoff, removeOnComplete, removeOnFail } = contract.options;
    await this.queue(contract.queue).upsertJobScheduler(contract.jobId(data), repeat, {
      name: contract.name,
      data,
      opts: {
        ...(attempts === undefined ? {} : { attempts }),
        ...(backoff === undefined ? {} : { backoff }),
        ...(removeOnComplete === undefined ? {} : { removeOnComplete }),
        ...(removeOnFail === undefined ? {} : { removeOnFail }),
      },
    });
  }

  async removeScheduler<Payload extends z.ZodType>(
    contract: JobContract<Payload>,
    payload: z.input<Payload>,
  ): Promise<void> {
    const schedulerId = contract.jobId(contract.payload.parse(payload));
    await this.queue(contract.queue).removeJobScheduler(schedulerId);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
