import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@shakedown/db';
import { checkDependencies, DB, REDIS, type PartHealth } from '@shakedown/nest-infra';
import type { Response } from 'express';
import type { Redis } from 'ioredis';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { database: PartHealth; redis: PartHealth };
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async check(): Promise<HealthReport> {
    const { healthy, checks } = await checkDependencies(this.db, this.redis);
    return { status: healthy ? 'ok' : 'unavailable', checks };
  }

  withStatus(report: HealthReport, response: Response): HealthReport {
    response.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
