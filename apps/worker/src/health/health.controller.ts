import { Controller, Get, Res } from '@nestjs/common';
import { DependencyHealth, type DependencyHealthReport } from '@shakedown/nest-infra';
import type { Response } from 'express';

export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  checks: DependencyHealthReport['checks'];
}

/** The worker is ready to take jobs when PostgreSQL and Redis answer. */
@Controller('health')
export class HealthController {
  constructor(private readonly health: DependencyHealth) {}

  /** Readiness: 200 when the worker can take jobs, 503 naming what it cannot reach. */
  @Get()
  async check(@Res({ passthrough: true }) response: Response): Promise<ReadinessReport> {
    const { healthy, checks } = await this.health.check();
    response.status(healthy ? 200 : 503);
    return { status: healthy ? 'ready' : 'unavailable', checks };
  }
}
