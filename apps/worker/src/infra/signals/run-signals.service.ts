import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  RunProgressEventSchema,
  runProgressChannel,
  type RunProgressEvent,
} from '@shakedown/core/jobs';
import { REDIS } from '@shakedown/nest-infra';
import type { Redis } from 'ioredis';

import { WORKER_CONFIG, type WorkerConfig } from '../../config/worker-config';

/**
 * Redis pub/sub between the API and the worker, under the deployment's key prefix:
 * - `<prefix>:run-progress:<runId>`: the worker publishes {@link RunProgressEvent}s; the API
 *   relays them to the dashboard as Server-Sent Events;
 * - `<prefix>:run-cancel:<runId>`: the API publishes when a running run is cancelled; the
 *   worker running it aborts its engine.
 */
@Injectable()
export class RunSignals implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RunSignals.name);
  private readonly cancelListeners = new Map<string, Set<() => void>>();
  private subscriber: Redis | undefined;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  progressChannel(runId: string): string {
    return `${this.config.REDIS_PREFIX}:${runProgressChannel(runId)}`;
  }

  cancelChannel(runId: string): string {
    return `${this.cancelPrefix()}${runId}`;
  }

  /** Publishes a progress event; a Redis hiccup is logged, never fails the run. */
  async publishProgress(event: RunProgressEvent): Promise<void> {
    try {
      await this.redis.publish(
        this.progressChannel(event.runId),
        JSON.stringify(RunProgressEventSchema.parse(event)),
      );
    } catch (error) {
      this.logger.warn({ runId: event.runId, err: error }, 'could not publish run progress');
    }
  }

  /** Calls `listener` when the API asks to cancel `runId`; returns the unsubscribe function. */
  onCancel(runId: string, listener: () => void): () => void {
    const listeners = this.cancelListeners.get(runId) ?? new Set();
    listeners.add(listener);
    this.cancelListeners.set(runId, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.cancelListeners.delete(runId);
    };
  }

  onModuleInit(): void {
    // One pattern subscription per process; offline commands wait for Redis (no start-up hang).
    const subscriber = this.redis.duplicate({ maxRetriesPerRequest: null, lazyConnect: false });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) =>
      this.logger.debug({ err: error }, 'cancel subscriber connection error'),
    );
    subscriber.on('pmessage', (_pattern: string, channel: string) => {
      const runId = channel.slice(this.cancelPrefix().length);
      for (const listener of this.cancelListeners.get(runId) ?? []) listener();
    });
    subscriber
      .psubscribe(`${escapeGlob(this.cancelPrefix())}*`)
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not subscribe to run cancellations'),
      );
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private cancelPrefix(): string {
    return `${this.config.REDIS_PREFIX}:run-cancel:`;
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
