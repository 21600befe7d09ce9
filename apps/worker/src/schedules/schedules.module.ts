import { type DynamicModule, Module } from '@nestjs/common';

import type { WorkerConfig } from '../config/worker-config';
import { baseWorkerOptions, processorWith } from '../infra/queue/job-handler';
import { ScheduleReconciler } from './schedule-reconciler.service';
import { ScheduledRunProcessor } from './scheduled-run.processor';
import { ScheduledRunService } from './scheduled-run.service';

@Module({})
export class SchedulesModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: SchedulesModule,
      providers: [
        ScheduleReconciler,
        ScheduledRunService,
        {
          provide: ScheduledRunProcessor,
          useClass: processorWith(ScheduledRunProcessor, {
            ...baseWorkerOptions(config),
            concurrency: 4,
          }),
        },
      ],
      exports: [ScheduleReconciler],
    };
  }
}
