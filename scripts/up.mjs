#!/usr/bin/env node
// The start command (`npm start`): installs what is missing, builds, finds or starts PostgreSQL
// and Redis, migrates, seeds the demo, starts the demo API, api, worker and web, and prints
// where they are. Ctrl-C stops everything it started; a second start reuses the data.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { ensureDatabase, ensureRedis, readOrCreateSecret, waitFor } from './lib/services.mjs';
import { build, ensurePnpm, fail, installDependencies, log, ROOT, run } from './lib/toolchain.mjs';

const env = process.env;
const dataDir = path.resolve(ROOT, env.SHAKEDOWN_DATA_DIR ?? '.data');
const host = '127.0.0.1';
const ports = {
  api: Number(env.API_PORT ?? 3000),
  worker: Number(env.WORKER_PORT ?? 3001),
  web: Number(env.WEB_PORT ?? 5173),
  demo: Number(env.DEMO_API_PORT ?? 4010),
  postgres: Number(env.SHAKEDOWN_PG_PORT ?? 54329),
  redis: Number(env.SHAKEDOWN_REDIS_PORT ?? 63790),
};
const urls = {
  api: `http://${host}:${ports.api}`,
  worker: `http://${host}:${ports.worker}`,
  web: `http://${host}:${ports.web}`,
  demo: `http://${host}:${ports.demo}`,
};
export const DEMO_LOGIN = { email: 'demo@shakedown.dev', password: 'shakedown-demo' };

const stops = [];
const children = [];
let stopping = false;
/**
 * The parts' output while start-up waits for them to answer, printed before the closing banner
 * so the banner is the last thing on screen; null once they stream straight through.
 */
let held = [];
let lastHeldAt = 0;

function write(target, text) {
  if (held) {
    held.push([target, text]);
    lastHeldAt = Date.now();
  } else {
    target.write(text);
  }
}

/** Resolves once the parts have printed nothing for `quietMs` (or after `maxMs` at most). */
async function outputSettles(quietMs = 300, maxMs = 3_000) {
  const deadline = Date.now() + maxMs;
  while (Date.now() - lastHeldAt < quietMs && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Prints what the parts said while they started, then lets them write as they go. */
function releaseHeldOutput() {
  for (const [target, text] of held ?? []) target.write(text);
  held = null;
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  releaseHeldOutput();
  log('stopping');
  for (const child of children.reverse()) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** Starts a long-running part, prefixing its output with its name. */
function start(name, command, args, extraEnv, cwd = ROOT) {
  const child = spawn(command, args, {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[36m${name.padEnd(6)}\x1b[0m| `;
  const forward = (stream, target) => {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) write(target, `${prefix}${line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      releaseHeldOutput();
      process.stderr.write(`[shakedown] ${name} exited (${signal ?? code}); stopping the rest\n`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForHttp(url, what) {
  await waitFor(
    async () => {
      try {
        const response = await fetch(url);
        return response.ok;
      } catch {
        return false;
      }
    },
    what,
    60_000,
  );
}

async function main() {
  const pnpm = ensurePnpm();
  if (env.SHAKEDOWN_SKIP_INSTALL !== '1') installDependencies(pnpm);
  if (env.SHAKEDOWN_SKIP_BUILD !== '1') build(pnpm);
  mkdirSync(dataDir, { recursive: true });

  const database = await ensureDatabase({ dataDir, port: ports.postgres });
  stops.push(database.stop);
  const redis = await ensureRedis({ dataDir, port: ports.redis });
  stops.push(redis.stop);

  const shared = {
    NODE_ENV: env.NODE_ENV ?? 'production',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: env.REDIS_PREFIX ?? 'shakedown',
    APP_SECRET:
      env.APP_SECRET ?? readOrCreateSecret(dataDir, 'app', () => randomBytes(32).toString('hex')),
    // The bundled demo API runs on loopback: the deployment allowlists it for probes.
    TARGET_ALLOWLIST: env.TARGET_ALLOWLIST ?? `${host}:${ports.demo}`,
    WEB_ORIGIN: urls.web,
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    // Lines for the person watching; JSON stays each process's own default in production.
    LOG_FORMAT: env.LOG_FORMAT ?? 'pretty',
  };

  log('migrating the database');
  run(process.execPath, ['prisma/dist/cli/migrate.js', 'deploy'], { env: { ...env, ...shared } });
  log('seeding the demo organisation');
  run(process.execPath, ['prisma/dist/cli/seed.js'], {
    env: { ...env, ...shared, DEMO_API_URL: urls.demo },
  });

  start('demo', process.execPath, ['apps/demo-api/dist/main.js'], {
    HOST: host,
    PORT: String(ports.demo),
  });
  start('api', process.execPath, ['apps/api/dist/main.js'], {
    ...shared,
    HOST: host,
    PORT: String(ports.api),
  });
  start('worker', process.execPath, ['apps/worker/dist/main.js'], {
    ...shared,
    HOST: host,
    PORT: String(ports.worker),
  });
  start(
    'web',
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--host',
      host,
      '--port',
      String(ports.web),
      '--strictPort',
    ],
    { SHAKEDOWN_API_URL: urls.api },
    path.join(ROOT, 'apps', 'web'),
  );

  await waitForHttp(`${urls.demo}/health`, 'the demo API');
  await waitForHttp(`${urls.api}/health`, 'the api');
  await waitForHttp(`${urls.worker}/health`, 'the worker');
  await waitForHttp(urls.web, 'the web app');
  // Parts print a little more once they answer (the web server its URLs, loggers their queue).
  await outputSettles();
  releaseHeldOutput();

  process.stdout.write(`
  Shakedown is running.

    dashboard  ${urls.web}
    api        ${urls.api}   (health: ${urls.api}/health, docs: ${urls.api}/api/docs)
    worker     ${urls.worker}/health
    demo API   ${urls.demo}   (a small API with deliberate defects, registered as a target)

    demo login ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}

  Press Ctrl-C to stop.
`);
}

main().catch((error) => {
  releaseHeldOutput();
  process.stderr.write(`\n[shakedown] ${error instanceof Error ? error.message : String(error)}\n`);
  void stopAll(1);
});
