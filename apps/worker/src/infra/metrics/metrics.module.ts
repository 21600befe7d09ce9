import { Module } from '@nestjs/common';

import { QueueModule } from '../queue/queue.module';
import { MetricsController } from './metrics.controller';
import { WorkerMetrics } from './worker-metrics.service';

@Module({
  imports: [QueueModule],
  controllers: [MetricsController],
  providers: [WorkerMetrics],
  exports: [WorkerMetrics],
})
export class MetricsModule {}
