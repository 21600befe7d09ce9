import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { JobContract } from '@shakedown/core/jobs';
import { Queue, type ConnectionOptions, type JobSchedulerTemplateOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { z } from 'zod';

import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * The API's producer side of BullMQ: job contracts from core applied unchanged (deterministic
 * ids, backoff, retention), queues under `REDIS_PREFIX` like the worker's, and the pub/sub
 * channels the worker listens and publishes on.
 */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger(QueueService.name);
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
    this.connection.on('error', (error: unknown) =>
      this.logger.warn({ err: error }, 'queue connection error'),
    );
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
    payload: z.infer<Payload>,
  ): Promise<void> {
    const data = contract.payload.parse(payload) as object;
    await this.queue(contract.queue).add(contract.name, data, {
      ...contract.options,
      jobId: contract.jobId(payload),
    });
  }

  /** Removes a job that has not started; false when it is running (locked) or gone. */
  async removeJob(queueName: string, jobId: string): Promise<boolean> {
    try {
      return (await this.queue(queueName).remove(jobId)) === 1;
    } catch (error) {
      this.logger.warn({ err: error, jobId }, 'could not remove a queued job');
      return false;
    }
  }

  async upsertScheduler(
    queueName: string,
    schedulerId: string,
    repeat: { pattern: string; tz: string },
    template: { name: string; data: object; opts?: JobSchedulerTemplateOptions },
  ): Promise<void> {
    await this.queue(queueName).upsertJobScheduler(schedulerId, repeat, template);
  }

  async removeScheduler(queueName: string, schedulerId: string): Promise<void> {
    await this.queue(queueName).removeJobScheduler(schedulerId);
  }

  /** Publishes on `${REDIS_PREFIX}:${channel}`. */
  async publish(channel: string, message: string): Promise<void> {
    await this.connection.publish(`${this.config.REDIS_PREFIX}:${channel}`, message);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    if (this.connection.status === 'ready') await this.connection.quit();
    else this.connection.disconnect();
  }
}
