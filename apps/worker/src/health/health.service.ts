import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@shakedown/db';
import { checkDependencies, DB, REDIS, type PartHealth } from '@shakedown/nest-infra';
import type { Redis } from 'ioredis';

export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  checks: { database: PartHealth; redis: PartHealth };
}

/** The worker is ready to take jobs when PostgreSQL and Redis answer. */
@Injectable()
export class HealthService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async check(): Promise<ReadinessReport> {
    const { healthy, checks } = await checkDependencies(this.db, this.redis);
    return { status: healthy ? 'ready' : 'unavailable', checks };
  }
}
