import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { InfraModule } from '@shakedown/nest-infra';

import { WORKER_CONFIG, type WorkerConfig } from './config/worker-config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './infra/metrics/metrics.module';
import { QueueModule } from './infra/queue/queue.module';
import { LoadShardsModule } from './load-shards/load-shards.module';
import { ProbeRunsModule } from './probe-runs/probe-runs.module';
import { SchedulesModule } from './schedules/schedules.module';
import { WebhookDeliveriesModule } from './webhook-deliveries/webhook-deliveries.module';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        InfraModule.forRoot({ service: 'worker', config, configToken: WORKER_CONFIG }),
        // The connection and prefix of every processor's BullMQ worker.
        BullModule.forRoot({
          connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
          prefix: config.REDIS_PREFIX,
        }),
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
