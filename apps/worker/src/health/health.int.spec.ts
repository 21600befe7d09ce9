import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@shakedown/db/testing';

import { dropRedisPrefix } from '../../test/harness';
import { createWorker } from '../app';
import { parseWorkerConfig } from '../config/worker-config';

describe('the worker readiness signal', () => {
  let database: TestDatabase;
  let worker: INestApplication;
  const prefix = `shakedown_test_health_${process.pid}`;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
    await dropRedisPrefix(prefix);
  });

  afterEach(async () => {
    await worker.close();
  });

  async function start(redisUrl: string): Promise<string> {
    worker = await createWorker(
      parseWorkerConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'silent',
      }),
    );
    await worker.listen(0, '127.0.0.1');
    const { port } = (worker.getHttpServer() as Server).address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  it('is ready when PostgreSQL and Redis answer', async () => {
    const url = await start(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'ok' },
    });
  });

  it('is not ready, naming Redis, when Redis is unreachable', async () => {
    const url = await start('redis://127.0.0.1:1');
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { checks: Record<string, string> };
    expect(body.checks.redis).toMatch(/^unreachable/);
  });
});
