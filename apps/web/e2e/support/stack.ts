import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { freePort } from '@shakedown/core/testing';
import { createTestDatabase, type TestDatabase } from '@shakedown/db/testing';
import { createRedisPrefix, dropRedisPrefix } from '@shakedown/nest-infra/testing';

/** The whole product for a browser test: real API, worker, demo target, PostgreSQL and Redis. */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const WEB = path.join(ROOT, 'apps', 'web');
export const LOG_DIR = path.join(WEB, 'e2e', 'screenshots', 'logs');

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Builds what the test starts (turbo's cache makes this quick after `npm test`'s own build):
 * the API, the worker, the demo API and the dashboard with the packages they use.
 */
export function buildEverything(): void {
  const turbo = path.join(ROOT, 'node_modules', '.bin', 'turbo');
  const result = spawnSync(
    turbo,
    [
      'run',
      'build',
      '--filter=@shakedown/web...',
      '--filter=@shakedown/api...',
      '--filter=@shakedown/worker...',
      '--filter=@shakedown/demo-api...',
      '--output-logs=errors-only',
    ],
    { cwd: ROOT, stdio: 'pipe', encoding: 'utf8', timeout: 10 * 60_000 },
  );
  if (result.status !== 0) {
    throw new Error(`the build failed:\n${result.stdout}\n${result.stderr}`);
  }
  for (const file of [
    'apps/api/dist/main.js',
    'apps/worker/dist/main.js',
    'apps/demo-api/dist/main.js',
    'apps/web/dist/index.html',
  ]) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`the build left no ${file}`);
  }
}

interface Started {
  name: string;
  child: ChildProcess;
  logFile: string;
}

function start(name: string, args: string[], env: Record<string, string>, cwd = ROOT): Started {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, child, logFile };
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `url` until it answers 2xx, the process dies, or `timeoutMs` passes. */
async function waitUntilUp(started: Started, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) {
      throw new Error(
        `${started.name} exited with ${started.child.exitCode}:\n${tail(started.logFile)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${started.name} did not answer ${url} within ${timeoutMs} ms:\n${tail(started.logFile)}`,
  );
}

async function stopProcess(started: Started): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export interface Stack {
  webUrl: string;
  apiUrl: string;
  demoUrl: string;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * Starts the demo API, the API and the worker on a fresh database and Redis prefix, and the
 * dashboard's `vite preview` proxying `/api` to that API. `allow` lists extra host:port pairs
 * the deployment may reach (e.g. a local webhook receiver).
 */
export async function startStack(options: { allow?: string[] } = {}): Promise<Stack> {
  const started: Started[] = [];
  const prefix = createRedisPrefix('e2e');
  const database = await createTestDatabase();
  const stop = async () => {
    for (const process of [...started].reverse()) await stopProcess(process);
    await dropRedisPrefix(prefix).catch(() => undefined);
    await database.drop();
  };
  try {
    const [demoPort, apiPort, workerPort, webPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const allowlist = [`127.0.0.1:${demoPort}`, ...(options.allow ?? [])].join(',');
    const shared = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      APP_SECRET: randomBytes(24).toString('hex'),
      TARGET_ALLOWLIST: allowlist,
      LOG_LEVEL: 'warn',
    };

    const demo = start('demo-api', ['apps/demo-api/dist/main.js'], {
      HOST: '127.0.0.1',
      PORT: String(demoPort),
    });
    started.push(demo);
    const api = start('api', ['apps/api/dist/main.js'], {
      ...shared,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      WEB_ORIGIN: `http://127.0.0.1:${webPort}`,
      COOKIE_SECURE: 'false',
    });
    started.push(api);
    const worker = start('worker', ['apps/worker/dist/main.js'], {
      ...shared,
      HOST: '127.0.0.1',
      PORT: String(workerPort),
    });
    started.push(worker);
    const web = start(
      'web',
      [
        path.join(WEB, 'node_modules', 'vite', 'bin', 'vite.js'),
        'preview',
        '--host',
        '127.0.0.1',
        '--port',
        String(webPort),
        '--strictPort',
      ],
      { SHAKEDOWN_API_URL: `http://127.0.0.1:${apiPort}` },
      WEB,
    );
    started.push(web);

    await waitUntilUp(demo, `http://127.0.0.1:${demoPort}/health`);
    await waitUntilUp(api, `http://127.0.0.1:${apiPort}/health`);
    await waitUntilUp(worker, `http://127.0.0.1:${workerPort}/health`);
    await waitUntilUp(web, `http://127.0.0.1:${webPort}/api/health`);

    return {
      webUrl: `http://127.0.0.1:${webPort}`,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      demoUrl: `http://127.0.0.1:${demoPort}`,
      database,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
