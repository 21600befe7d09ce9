import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DbModule, LoggingModule, RedisModule, RepositoriesModule } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from './config/worker-config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './infra/metrics/metrics.module';
import { QueueModule } from './infra/queue/queue.module';
import { SignalsModule } from './infra/signals/signals.module';
import { LoadShardsModule } from './load-shards/load-shards.module';
import { ProbeRunsModule } from './probe-runs/probe-runs.module';
import { SchedulesModule } from './schedules/schedules.module';
import { WebhookDeliveriesModule } from './webhook-deliveries/webhook-deliveries.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: WORKER_CONFIG, useValue: config }],
      exports: [WORKER_CONFIG],
    };
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({
          service: 'worker',
          level: config.LOG_LEVEL,
          pretty: config.NODE_ENV === 'development',
        }),
        DbModule.forRoot({ url: config.DATABASE_URL }),
        RedisModule.forRoot({ url: config.REDIS_URL }),
        RepositoriesModule,
        BullModule.forRoot({
          connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
          prefix: config.REDIS_PREFIX,
        }),
        SignalsModule,
        QueueModule,
        HealthModule,
        MetricsModule,
        ProbeRunsModule.forRoot(config),
        LoadShardsModule.forRoot(config),
        SchedulesModule.forRoot(config),
        WebhookDeliveriesModule.forRoot(config),
      ],
    };
  }
}
