import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { INestApplication } from '@nestjs/common';
import type { JobContract } from '@shakedown/core/jobs';
import { createPrismaClient, type Db } from '@shakedown/db';
import { createTestDatabase, type TestDatabase } from '@shakedown/db/testing';
import { createRedisPrefix, dropRedisPrefix, TEST_REDIS_URL } from '@shakedown/nest-infra/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { z } from 'zod';

import { createWorker } from '../src/app';
import { parseWorkerConfig, type WorkerConfig } from '../src/config/worker-config';

export { dropRedisPrefix, TEST_REDIS_URL };

export const TEST_APP_SECRET = 'worker-tests-app-secret-0123456789abcdef';
const WORKER_DIR = path.resolve(__dirname, '..');

/**
 * What one test file shares: a fresh migrated database, its own Redis key prefix, the worker
 * environment for both, and producer-side queues (the tests play the API's part).
 */
export interface WorkerTestEnv {
  database: TestDatabase;
  db: Db;
  prefix: string;
  env: Record<string, string>;
  queue(name: string): Queue;
  enqueue<Payload extends z.ZodType>(
    contract: JobContract<Payload>,
    payload: z.input<Payload>,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function createWorkerTestEnv(
  env: Record<string, string> = {},
): Promise<WorkerTestEnv> {
  const database = await createTestDatabase();
  const prefix = createRedisPrefix();
  const db = createPrismaClient(database.url, { poolSize: 4 });
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let found = queues.get(name);
    if (!found) {
      found = new Queue(name, { connection, prefix });
      queues.set(name, found);
    }
    return found;
  };
  return {
    database,
    db,
    prefix,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      APP_SECRET: TEST_APP_SECRET,
      LOG_LEVEL: 'silent',
      TARGET_ALLOWLIST: '127.0.0.1',
      ...env,
    },
    queue,
    async enqueue(contract, payload) {
      const data = contract.payload.parse(payload);
      await queue(contract.queue).add(contract.name, data, {
        ...contract.options,
        jobId: contract.jobId(data),
      });
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
      await db.$disconnect();
      await dropRedisPrefix(prefix);
      await database.drop();
    },
  };
}

export interface RunningWorker {
  app: INestApplication;
  config: WorkerConfig;
  url: string;
  close(): Promise<void>;
}

/** The real worker in this process, listening on an ephemeral 127.0.0.1 port. */
export async function startWorker(
  test: WorkerTestEnv,
  env: Record<string, string> = {},
): Promise<RunningWorker> {
  const config = parseWorkerConfig({ ...test.env, PORT: '0', ...env });
  const app = await createWorker(config);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return { app, config, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export interface WorkerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

/**
 * A worker as its own operating-system process (`src/main.ts` compiled on the fly), so a test
 * can SIGKILL it mid-run or run several side by side. Resolves once `/health` answers 200.
 */
export function spawnWorker(
  test: WorkerTestEnv,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  return spawnNode(path.join(WORKER_DIR, 'src/main.ts'), { ...test.env, ...env }, 'the worker');
}

/**
 * The real API (apps/api, from its sources) as a process on the test's database and Redis
 * prefix: the tests that follow a run through the API's own endpoints.
 */
export function spawnApi(
  test: WorkerTestEnv,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  return spawnNode(
    path.resolve(WORKER_DIR, '../api/src/main.ts'),
    { ...test.env, ...env },
    'the API',
  );
}

async function spawnNode(
  entry: string,
  env: Record<string, string>,
  what: string,
): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', path.join(WORKER_DIR, 'test/register-ts.js'), entry],
    {
      cwd: path.dirname(path.dirname(entry)),
      env: { ...process.env, ...env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code));
  });
  const url = `http://127.0.0.1:${port}`;
  const processHandle: WorkerProcess = {
    child,
    url,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${what} exited early:\n${output}`);
        const response = await fetch(`${url}/health`).catch(() => undefined);
        return response?.status === 200;
      },
      { timeoutMs: 90_000, what: `${what} to be ready` },
    );
  } catch (error) {
    await processHandle.kill('SIGKILL');
    throw error;
  }
  return processHandle;
}

/** Polls `condition` every `intervalMs` until it holds; fails after `timeoutMs`, naming `what`. */
export async function waitFor<T>(
  condition: () => Promise<T | false | undefined | null> | T | false | undefined | null,
  options: { timeoutMs?: number; intervalMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until the run is neither queued nor running; returns its row. */
export function runEnded(test: WorkerTestEnv, runId: string, timeoutMs = 120_000) {
  return waitFor(
    async () => {
      const found = await test.db.run.findUniqueOrThrow({ where: { id: runId } });
      return found.status === 'queued' || found.status === 'running' ? undefined : found;
    },
    { timeoutMs, what: `the run ${runId} to end` },
  );
}
