import { Global, Module } from '@nestjs/common';

import { ProgressSubscriber } from './progress-subscriber';
import { QueueService } from './queue.service';

@Global()
@Module({
  providers: [QueueService, ProgressSubscriber],
  exports: [QueueService, ProgressSubscriber],
})
export class InfraModule {}
