import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Redis } from 'ioredis';

/** Injection token of the shared Redis connection for commands (not for BullMQ workers). */
export const REDIS = Symbol('REDIS');

@Injectable()
class RedisLifecycle implements OnModuleDestroy {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onModuleDestroy(): Promise<void> {
    // quit() waits for a connection that may never come; only a ready client can quit cleanly.
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(options: { url: string }): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS, useFactory: () => new Redis(options.url, { maxRetriesPerRequest: 2 }) },
        RedisLifecycle,
      ],
      exports: [REDIS],
    };
  }
}
