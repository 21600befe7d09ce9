import { Module } from '@nestjs/common';

import { ApiMetrics } from './api-metrics.service';
import { MetricsController } from './metrics.controller';

/** `GET /metrics` (added with the worker's issue: the same queue metrics on both processes). */
@Module({ controllers: [MetricsController], providers: [ApiMetrics] })
export class MetricsModule {}
