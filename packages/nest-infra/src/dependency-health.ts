import type { Db } from '@shakedown/db';
import type { Redis } from 'ioredis';

/** `ok`, or why the part cannot be reached. */
export type PartHealth = string;

export interface DependencyHealth {
  healthy: boolean;
  checks: { database: PartHealth; redis: PartHealth };
}

const CHECK_TIMEOUT_MS = 2_000;

/** Whether PostgreSQL and Redis answer within two seconds each, naming the one that does not. */
export async function checkDependencies(db: Db, redis: Redis): Promise<DependencyHealth> {
  const [database, redisHealth] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    probe(() => redis.ping()),
  ]);
  return {
    healthy: database === 'ok' && redisHealth === 'ok',
    checks: { database, redis: redisHealth },
  };
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
