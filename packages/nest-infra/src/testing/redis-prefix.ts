import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

/** The Redis tests, benchmarks and end-to-end runs use: REDIS_URL, else the local default. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix nobody else uses, so parallel and repeated runs never share Redis keys. */
export function createRedisPrefix(kind = 'test'): string {
  return `shakedown_${kind}_${randomBytes(6).toString('hex')}`;
}

/** Deletes every Redis key under `prefix` (BullMQ queues, rate limits, …). */
export async function dropRedisPrefix(prefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
