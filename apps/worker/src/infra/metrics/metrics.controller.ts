import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';

import { WorkerMetrics } from './worker-metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: WorkerMetrics) {}

  /** Prometheus text exposition of the worker's metrics. */
  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.registry.metrics();
    response.status(200).setHeader('Content-Type', this.metrics.registry.contentType);
    response.send(body);
  }
}
