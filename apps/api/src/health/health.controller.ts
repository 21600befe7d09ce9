import { Controller, Inject, Res } from '@nestjs/common';
import { HealthEndpoints } from '@shakedown/core/contract';
import type { Response } from 'express';

import { Endpoint } from '../common/endpoint';
import { HealthService, type HealthReport } from './health.service';

@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Endpoint(HealthEndpoints.check)
  check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return this.health.check().then((report) => this.health.withStatus(report, response));
  }
}
