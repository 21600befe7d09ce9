import { Controller, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';

import { Endpoint } from '../common/endpoint';
import { HealthEndpoints } from './health.endpoints';
import { HealthService, type HealthReport } from './health.service';

@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  @Endpoint(HealthEndpoints.check)
  check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return this.health.check().then((report) => this.health.withStatus(report, response));
  }
}
