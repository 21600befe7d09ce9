import { Module } from '@nestjs/common';

import { WebhookEventsService } from './webhook-events.service';

/** Run events → webhook deliveries; used by the run pipeline. */
@Module({
  providers: [WebhookEventsService],
  exports: [WebhookEventsService],
})
export class WebhookEventsModule {}
