import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@shakedown/db/testing';
import type { Resolver } from '@shakedown/core/http';
import { createRedisPrefix, dropRedisPrefix, TEST_REDIS_URL } from '@shakedown/nest-infra/testing';

import { createApp } from '../src/app';
import { type AppConfig, parseAppConfig } from '../src/config/app-config';

export { dropRedisPrefix, TEST_REDIS_URL };

export interface TestApi {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * Boots the real API on a fresh PostgreSQL database and its own Redis key prefix, listening on
 * an ephemeral 127.0.0.1 port. `close()` stops it and drops both. `network.resolver` replaces
 * DNS (e.g. one that answers ENOTFOUND or never answers) for the URL checks and the SSRF guard.
 */
export async function startTestApi(
  overrides: Record<string, string> = {},
  network: { resolver?: Resolver } = {},
): Promise<TestApi> {
  const database = await createTestDatabase();
  const prefix = createRedisPrefix();
  const config = parseAppConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    // Tests probe and verify local servers only: loopback counts as allowlisted.
    TARGET_ALLOWLIST: '127.0.0.1',
    // Every test request comes from 127.0.0.1, and the access tests fail authentication on
    // purpose on every route: the per-address limit is tested on its own.
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '100000',
    ...overrides,
  });
  const app = await createApp(config, network);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    close: async () => {
      await app.close();
      await dropRedisPrefix(prefix);
      await database.drop();
    },
  };
}
