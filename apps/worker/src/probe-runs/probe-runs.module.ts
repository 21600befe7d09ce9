import { type DynamicModule, Module } from '@nestjs/common';

import type { WorkerConfig } from '../config/worker-config';
import { MetricsModule } from '../infra/metrics/metrics.module';
import { baseWorkerOptions, processorWith } from '../infra/queue/job-handler';
import { QueueModule } from '../infra/queue/queue.module';
import { WebhookEventsModule } from '../webhook-deliveries/webhook-events.module';
import { ProbeRunProcessor } from './probe-run.processor';
import { RunControlModule } from './run-control.module';
import { ProbeRunService } from './probe-run.service';
import { RunReaper } from './run-reaper.service';
import { StoredConfigSealer } from './stored-config-sealer.service';

@Module({})
export class ProbeRunsModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: ProbeRunsModule,
      imports: [QueueModule, MetricsModule, WebhookEventsModule, RunControlModule],
      providers: [
        ProbeRunService,
        RunReaper,
        StoredConfigSealer,
        {
          provide: ProbeRunProcessor,
          useClass: processorWith(ProbeRunProcessor, {
            ...baseWorkerOptions(config),
            concurrency: config.WORKER_CONCURRENCY,
          }),
        },
      ],
      exports: [ProbeRunService],
    };
  }
}
