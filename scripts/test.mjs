#!/usr/bin/env node
// The test command (`npm test` / `pnpm test`): installs what is missing, builds, runs the static
// checks and every package's tests, and ends with the one line CI reads: `N passed, N failed, N skipped`.
// `--tier int` or `--tier e2e` runs only that tier of tests (no static checks): `pnpm test:int`.
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ensureDatabase, ensureRedis, canConnect } from './lib/services.mjs';
import { build, ensurePnpm, installDependencies, log, ROOT, run } from './lib/toolchain.mjs';

const WORKSPACE_DIRS = ['apps', 'packages'];
const PACKAGE_DIRS = [
  ...WORKSPACE_DIRS.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() && existsSync(path.join(ROOT, dir, entry.name, 'package.json')),
      )
      .map((entry) => path.join(dir, entry.name)),
  ),
  'prisma',
  'e2e',
];

const TIERS = ['int', 'e2e'];
const tierIndex = process.argv.indexOf('--tier');
const tier = tierIndex === -1 ? undefined : process.argv[tierIndex + 1];
if (tier !== undefined && !TIERS.includes(tier)) {
  process.stderr.write(`--tier takes one of ${TIERS.join(', ')} (unit tests: pnpm test:unit)\n`);
  process.exit(2);
}
const testTask = tier ? `test:${tier}` : 'test';

const pnpm = ensurePnpm();
installDependencies(pnpm);
build(pnpm);

const stops = [];
const env = { ...process.env };
const scratch = mkdtempSync(path.join(tmpdir(), 'shakedown-test-services-'));
// An embedded PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
chmodSync(scratch, 0o755);

async function ensureTestServices() {
  if (!env.TEST_DATABASE_URL) {
    if (await canConnect('127.0.0.1', 5432)) {
      env.TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
    } else {
      const { DATABASE_URL: _ignored, ...rest } = process.env;
      process.env = rest;
      const database = await ensureDatabase({ dataDir: scratch, port: 54331 });
      stops.push(database.stop);
      env.TEST_DATABASE_URL = database.url.replace(/\/shakedown$/, '/postgres');
    }
  }
  const redis = await ensureRedis({ dataDir: scratch, port: 63791 });
  stops.push(redis.stop);
  env.REDIS_URL = redis.url;
  log(
    `tests use PostgreSQL at ${new URL(env.TEST_DATABASE_URL).host} and Redis at ${new URL(env.REDIS_URL).host}`,
  );
}

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function staticCheck(name, args) {
  log(`check: ${name}`);
  const status = run(pnpm, args, { allowFailure: true, env });
  if (status === 0) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(`${name} (static check)`);
  }
}

try {
  await ensureTestServices();

  if (!tier) {
    staticCheck('typecheck', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);
    staticCheck('lint', ['exec', 'turbo', 'run', 'lint', '--output-logs=errors-only']);
    staticCheck('format', ['exec', 'prettier', '--check', '.', '--log-level', 'warn']);
  }

  for (const dir of PACKAGE_DIRS)
    rmSync(path.join(ROOT, dir, 'test-results'), { recursive: true, force: true });

  // One package at a time: two cores are shared by the tests, their servers and their load.
  log(tier ? `running every package’s ${tier} tests` : 'running every package’s tests');
  run(
    pnpm,
    ['exec', 'turbo', 'run', testTask, '--concurrency=1', '--continue', '--output-logs=full'],
    {
      allowFailure: true,
      env,
    },
  );

  for (const dir of PACKAGE_DIRS) {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
    if (!manifest.scripts?.[testTask]) continue;
    const countsFile = path.join(ROOT, dir, 'test-results', 'counts.json');
    if (!existsSync(countsFile)) {
      results.failed += 1;
      failures.push(`${dir}: jest did not report (it crashed or did not run)`);
      continue;
    }
    const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    results.passed += counts.passed;
    results.failed += counts.failed;
    results.skipped += counts.skipped;
    for (const suite of counts.failedSuites) failures.push(`${dir}/${suite}`);
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  process.stdout.write(`\nFailed:\n${failures.map((failure) => `  ${failure}`).join('\n')}\n`);
}
process.stdout.write(
  `\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped\n`,
);
process.exit(results.failed > 0 ? 1 : 0);
