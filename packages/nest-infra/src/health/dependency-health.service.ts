import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@shakedown/db';
import type { Redis } from 'ioredis';

import { DB } from '../database/db.module';
import { REDIS } from '../redis/redis.token';

/** `ok`, or why the part cannot be reached. */
export type PartHealth = string;

export interface DependencyHealthReport {
  healthy: boolean;
  checks: { database: PartHealth; redis: PartHealth };
}

const CHECK_TIMEOUT_MS = 2_000;

/** Whether PostgreSQL and Redis answer: the api's `/health` and the worker's readiness. */
@Injectable()
export class DependencyHealth {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Each part gets two seconds to answer; the report names the one that does not. */
  async check(): Promise<DependencyHealthReport> {
    const [database, redis] = await Promise.all([
      probe(() => this.db.$queryRaw`SELECT 1`),
      probe(() => this.redis.ping()),
    ]);
    return { healthy: database === 'ok' && redis === 'ok', checks: { database, redis } };
  }
}

async function probe(check: () => Promise<unknown>): Promise<PartHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return `unreachable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
