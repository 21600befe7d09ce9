import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';

import { HealthService, type ReadinessReport } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Readiness: 200 when the worker can take jobs, 503 naming what it cannot reach. */
  @Get()
  async check(@Res({ passthrough: true }) response: Response): Promise<ReadinessReport> {
    const report = await this.health.check();
    response.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
