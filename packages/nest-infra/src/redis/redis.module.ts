import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Redis } from 'ioredis';

import { REDIS } from './redis.token';
import { RunBudgetLedgers } from './run-budget-ledgers';
import { RunSignals } from './run-signals.service';

@Injectable()
class RedisLifecycle implements OnModuleDestroy {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onModuleDestroy(): Promise<void> {
    // quit() waits for a connection that may never come; only a ready client can quit cleanly.
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}

/**
 * The shared Redis connection, the run signals (pub/sub) between the api and the worker, and
 * the run budget ledgers the worker's probes and load shards share.
 */
@Global()
@Module({})
export class RedisModule {
  static forRoot(options: { url: string }): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS, useFactory: () => new Redis(options.url, { maxRetriesPerRequest: 2 }) },
        RedisLifecycle,
        RunSignals,
        RunBudgetLedgers,
      ],
      exports: [REDIS, RunSignals, RunBudgetLedgers],
    };
  }
}
