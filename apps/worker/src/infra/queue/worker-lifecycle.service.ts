import { WorkerHost } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JOBS } from '@shakedown/core/jobs';
import { REDIS } from '@shakedown/nest-infra';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';

import { WORKER_CONFIG, type WorkerConfig } from '../../config/worker-config';
import { settlesWithin } from '../settles-within';
import { contractHandledBy, findJobProcessorProblems } from './job-handler';

/** The reason work is aborted when the worker shuts down: it goes back to the queue. */
export class HandBackSignal extends Error {
  override readonly name = 'HandBackSignal';
  constructor() {
    super('the worker is shutting down; the job goes back to the queue');
  }
}

/** After handing back, how long jobs get to reach the queue before workers are closed hard. */
const HAND_BACK_MS = 15_000;

/**
 * The worker process's life: at start-up it checks that every job contract of core has exactly
 * one processor; on shutdown it stops taking jobs, lets the jobs in progress finish within
 * `SHUTDOWN_GRACE_MS`, then aborts the rest so their processors hand them back to the queue
 * (another worker takes them at once, without counting a failed attempt). This runs in
 * `onModuleDestroy`, before the database and Redis clients (global modules) are closed.
 */
@Injectable()
export class WorkerLifecycle implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WorkerLifecycle.name);
  private readonly inFlight = new Map<string, AbortController>();
  private draining = false;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  get isDraining(): boolean {
    return this.draining;
  }

  onModuleInit(): void {
    const handled = this.processors().flatMap((host) => {
      const contract = contractHandledBy(host.constructor);
      return contract ? [contract] : [];
    });
    const problems = findJobProcessorProblems(JOBS, handled);
    if (problems.length > 0) {
      throw new Error(
        `the worker's job processors do not match core's jobs:\n  ${problems.join('\n  ')}`,
      );
    }
  }

  /** The BullMQ workers of every processor of this process. */
  workers(): Worker[] {
    return this.processors().flatMap((host) => {
      try {
        return [host.worker];
      } catch {
        return [];
      }
    });
  }

  /** Registers work that shutdown may abort (with a {@link HandBackSignal}); returns its release. */
  track(key: string, controller: AbortController): () => void {
    this.inFlight.set(key, controller);
    return () => {
      if (this.inFlight.get(key) === controller) this.inFlight.delete(key);
    };
  }

  async onModuleDestroy(): Promise<void> {
    this.draining = true;
    const workers = this.workers();
    if (!(await this.isRedisReachable())) {
      // Nothing can be completed or handed back without Redis; the jobs' locks expire and other
      // workers retry them. A graceful close would wait for a connection forever.
      this.logger.warn('Redis is unreachable: closing the queues without waiting for jobs');
      await Promise.all(workers.map((worker) => worker.close(true).catch(() => undefined)));
      return;
    }
    const closing = Promise.all(workers.map((worker) => worker.close())).then(() => undefined);
    if (await settlesWithin(closing, this.config.SHUTDOWN_GRACE_MS)) return;
    this.logger.warn(
      `handing back ${this.inFlight.size} job(s) still running after ${this.config.SHUTDOWN_GRACE_MS} ms`,
    );
    for (const controller of this.inFlight.values()) controller.abort(new HandBackSignal());
    if (await settlesWithin(closing, HAND_BACK_MS)) return;
    this.logger.error(
      'jobs did not hand back in time; their locks will expire and they will be retried',
    );
  }

  private async isRedisReachable(): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), 1_000);
    });
    try {
      return await Promise.race([this.redis.ping().then(() => true as const), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private processors(): WorkerHost[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
  }
}
