import { Controller, Inject, Res } from '@nestjs/common';
import { DependencyHealth, type DependencyHealthReport } from '@shakedown/nest-infra';
import { HealthEndpoints } from '@shakedown/core/contract';
import type { Response } from 'express';

import { Endpoint } from '../common/endpoint';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: DependencyHealthReport['checks'];
}

@Controller()
export class HealthController {
  constructor(@Inject(DependencyHealth) private readonly health: DependencyHealth) {}

  /** 200 when PostgreSQL and Redis answer; 503 naming the part that does not. */
  @Endpoint(HealthEndpoints.check)
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const { healthy, checks } = await this.health.check();
    response.status(healthy ? 200 : 503);
    return { status: healthy ? 'ok' : 'unavailable', checks };
  }
}
