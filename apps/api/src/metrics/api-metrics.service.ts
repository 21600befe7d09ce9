import { Inject, Injectable } from '@nestjs/common';
import { JobProducer, registerQueueMetrics } from '@shakedown/nest-infra';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The API's Prometheus registry (one per app instance): queue metrics and process metrics. */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  constructor(@Inject(JobProducer) producer: JobProducer) {
    collectDefaultMetrics({ register: this.registry });
    registerQueueMetrics(this.registry, producer.all);
  }
}
