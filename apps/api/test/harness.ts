import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@shakedown/db/testing';
import { Redis } from 'ioredis';

import { createApp } from '../src/app';
import { type AppConfig, parseAppConfig } from '../src/config/app-config';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestApi {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/** Deletes every Redis key under `prefix`. */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
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

/**
 * Boots the real API on a fresh PostgreSQL database and its own Redis key prefix, listening on
 * an ephemeral 127.0.0.1 port. `close()` stops it and drops both.
 */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const database = await createTestDatabase();
  const prefix = `shakedown_test_${randomBytes(6).toString('hex')}`;
  const config = parseAppConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    // Tests probe and verify local servers only: loopback counts as allowlisted.
    TARGET_ALLOWLIST: '127.0.0.1',
    ...overrides,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    close: async () => {
      await app.close();
      await dropRedisPrefix(TEST_REDIS_URL, prefix);
      await database.drop();
    },
  };
}
