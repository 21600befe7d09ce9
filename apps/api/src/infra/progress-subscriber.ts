import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';

import { APP_CONFIG, type AppConfig } from '../config/app-config';

type Listener = (message: string) => void;

/**
 * One Redis subscriber connection for the whole process; event streams register listeners
 * per channel, and a channel is unsubscribed when its last listener leaves.
 */
@Injectable()
export class ProgressSubscriber implements OnModuleDestroy {
  private readonly logger = new Logger(ProgressSubscriber.name);
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Listens on `${REDIS_PREFIX}:${channel}`; resolves once subscribed. Call the result to stop. */
  async listen(channel: string, listener: Listener): Promise<() => void> {
    const name = `${this.config.REDIS_PREFIX}:${channel}`;
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
      this.subscriber = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 2 });
      this.subscriber.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel) ?? []) listener(message);
      });
      this.subscriber.on('error', (error: unknown) => {
        this.logger.warn({ err: error }, 'progress subscriber error');
      });
    }
    return this.subscriber;
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }
}
