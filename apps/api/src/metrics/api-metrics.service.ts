import { Inject, Injectable } from '@nestjs/common';
import { QUEUES } from '@shakedown/core/jobs';
import { registerQueueMetrics } from '@shakedown/nest-infra';
import { collectDefaultMetrics, Registry } from 'prom-client';

import { QueueService } from '../infra/queue.service';

/** The API's Prometheus registry (one per app instance): queue metrics and process metrics. */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  constructor(@Inject(QueueService) queues: QueueService) {
    collectDefaultMetrics({ register: this.registry });
    registerQueueMetrics(
      this.registry,
      Object.values(QUEUES).map((name) => queues.queue(name)),
    );
  }
}
