import { type DynamicModule, Module } from '@nestjs/common';

import type { WorkerConfig } from '../config/worker-config';
import { MetricsModule } from '../infra/metrics/metrics.module';
import { baseWorkerOptions, processorWith } from '../infra/queue/job-handler';
import { QueueModule } from '../infra/queue/queue.module';
import { EndpointSendLimit } from './endpoint-send-limit';
import { createWebhookBackoffStrategy } from './webhook-backoff';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEventsModule } from './webhook-events.module';

@Module({})
export class WebhookDeliveriesModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WebhookDeliveriesModule,
      imports: [QueueModule, MetricsModule, WebhookEventsModule],
      providers: [
        WebhookDeliveryService,
        EndpointSendLimit,
        {
          provide: WebhookDeliveryProcessor,
          useClass: processorWith(WebhookDeliveryProcessor, {
            ...baseWorkerOptions(config),
            concurrency: config.WEBHOOK_CONCURRENCY,
            settings: {
              backoffStrategy: createWebhookBackoffStrategy({
                baseMs: config.WEBHOOK_BACKOFF_MS,
                jitter: config.WEBHOOK_BACKOFF_JITTER,
              }),
            },
          }),
        },
      ],
    };
  }
}
