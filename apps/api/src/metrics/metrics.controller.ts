import { Controller, Inject, Res } from '@nestjs/common';
import { MetricsEndpoints } from '@shakedown/core/contract';
import type { Response } from 'express';

import { Endpoint } from '../common/endpoint';
import { ApiMetrics } from './api-metrics.service';

@Controller()
export class MetricsController {
  constructor(@Inject(ApiMetrics) private readonly metrics: ApiMetrics) {}

  @Endpoint(MetricsEndpoints.scrape)
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.registry.metrics();
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.send(body);
  }
}
