import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  RUN_CANCEL_CHANNEL_PREFIX,
  runCancelChannel,
  runProgressChannel,
  RunProgressEventSchema,
  type RunProgressEvent,
} from '@shakedown/core/jobs';
import type { Redis } from 'ioredis';

import { DEPLOYMENT_CONFIG } from '../config/config.module';
import type { DeploymentConfig } from '../config/deployment-env';
import { REDIS } from './redis.token';

type Listener = (message: string) => void;

/**
 * Redis pub/sub between the api and the worker, on core's channels under `REDIS_PREFIX:`:
 * - run progress: the worker publishes {@link RunProgressEvent}s; the API relays them to the
 *   dashboard as Server-Sent Events;
 * - run cancel: the API publishes when a running run is cancelled; the worker running it aborts.
 *
 * Publishing never fails the caller: a Redis hiccup is logged (the run row in the database stays
 * the truth, and workers also poll it for cancels). Listening shares one subscriber connection
 * per process, opened on first use.
 */
@Injectable()
export class RunSignals implements OnModuleDestroy {
  private readonly logger = new Logger(RunSignals.name);
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly cancelListeners = new Map<string, Set<() => void>>();
  private cancelSubscription: Promise<unknown> | undefined;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DEPLOYMENT_CONFIG) private readonly config: DeploymentConfig,
  ) {}

  async publishProgress(event: RunProgressEvent): Promise<void> {
    const message = JSON.stringify(RunProgressEventSchema.parse(event));
    await this.publish(runProgressChannel(event.runId), message, event.runId);
  }

  async publishCancel(runId: string): Promise<void> {
    const message = JSON.stringify({ runId, at: new Date().toISOString() });
    await this.publish(runCancelChannel(runId), message, runId);
  }

  /**
   * Calls `listener` with each progress event of `runId` (malformed messages are logged and
   * skipped); resolves once subscribed. Call the result to stop.
   */
  async onProgress(
    runId: string,
    listener: (event: RunProgressEvent) => void,
  ): Promise<() => void> {
    return this.listen(this.channel(runProgressChannel(runId)), (message) => {
      const event = RunProgressEventSchema.safeParse(parseJson(message));
      if (event.success && event.data.runId === runId) listener(event.data);
      else this.logger.warn({ runId }, 'ignored a malformed progress message');
    });
  }

  /**
   * Calls `listener` when the API asks to cancel `runId`; returns the unsubscribe function.
   * Every run's channel is heard through one pattern subscription, made on the first call.
   */
  onCancel(runId: string, listener: () => void): () => void {
    this.cancelSubscription ??= this.connection()
      .psubscribe(`${escapeGlob(this.channel(RUN_CANCEL_CHANNEL_PREFIX))}*`)
      .catch((error: unknown) => {
        this.cancelSubscription = undefined;
        this.logger.error({ err: error }, 'could not subscribe to run cancellations');
      });
    const listeners = this.cancelListeners.get(runId) ?? new Set();
    listeners.add(listener);
    this.cancelListeners.set(runId, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.cancelListeners.delete(runId);
    };
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private async publish(channel: string, message: string, runId: string): Promise<void> {
    try {
      await this.redis.publish(this.channel(channel), message);
    } catch (error) {
      this.logger.warn({ runId, channel, err: error }, 'could not publish a run signal');
    }
  }

  private async listen(name: string, listener: Listener): Promise<() => void> {
    const subscriber = this.connection();
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    if (set.size === 1) await subscriber.subscribe(name);
    return () => {
      const current = this.listeners.get(name);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(name);
        subscriber.unsubscribe(name).catch((error: unknown) => {
          this.logger.warn({ err: error, channel: name }, 'could not unsubscribe');
        });
      }
    };
  }

  private connection(): Redis {
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate();
      const cancelPrefix = this.channel(RUN_CANCEL_CHANNEL_PREFIX);
      subscriber.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel) ?? []) listener(message);
      });
      subscriber.on('pmessage', (_pattern: string, channel: string) => {
        const runId = channel.slice(cancelPrefix.length);
        for (const listener of this.cancelListeners.get(runId) ?? []) listener();
      });
      subscriber.on('error', (error: unknown) => {
        this.logger.warn({ err: error }, 'run signals subscriber error');
      });
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }

  private channel(name: string): string {
    return `${this.config.REDIS_PREFIX}:${name}`;
  }
}

function parseJson(message: string): unknown {
  try {
    return JSON.parse(message) as unknown;
  } catch {
    return undefined;
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
