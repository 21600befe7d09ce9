import { Module } from '@nestjs/common';

import { QueueModule } from '../infra/queue/queue.module';
import { WebhookEventsService } from './webhook-events.service';

/** Run events → webhook deliveries; used by the run pipeline. */
@Module({
  imports: [QueueModule],
  providers: [WebhookEventsService],
  exports: [WebhookEventsService],
})
export class WebhookEventsModule {}
