import { type DynamicModule, Module } from '@nestjs/common';

import type { WorkerConfig } from '../config/worker-config';
import { MetricsModule } from '../infra/metrics/metrics.module';
import { baseWorkerOptions, processorWith } from '../infra/queue/job-handler';
import { QueueModule } from '../infra/queue/queue.module';
import { RunControlModule } from '../probe-runs/run-control.module';
import { LoadShardProcessor } from './load-shard.processor';
import { LoadShardService } from './load-shard.service';

@Module({})
export class LoadShardsModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: LoadShardsModule,
      imports: [QueueModule, MetricsModule, RunControlModule],
      providers: [
        LoadShardService,
        {
          provide: LoadShardProcessor,
          useClass: processorWith(LoadShardProcessor, {
            ...baseWorkerOptions(config),
            concurrency: config.LOAD_SHARD_CONCURRENCY,
          }),
        },
      ],
    };
  }
}
