// Finds or installs the pnpm pinned in package.json, installs dependencies and builds.
// Plain Node with no dependencies: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

// Turborepo's first run prints a telemetry notice meant for its own users, not ours.
process.env.TURBO_TELEMETRY_DISABLED ??= '1';

export function log(message) {
  process.stdout.write(`\x1b[2m[shakedown]\x1b[0m ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`\n[shakedown] ${message}\n`);
  process.exit(1);
}

/** Runs a command, streaming its output; exits with a message when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) fail(`${command} ${args.join(' ')} could not start: ${result.error.message}`);
  if (result.status !== 0 && !options.allowFailure) {
    fail(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
  return result.status ?? 1;
}

function pinnedPnpmVersion() {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const match = /^pnpm@(.+)$/.exec(manifest.packageManager ?? '');
  if (!match) fail('package.json has no "packageManager": "pnpm@<version>"');
  return match[1];
}

function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * The pinned pnpm: the one on PATH when it is that version, else a copy installed with npm
 * into .tools/ (corepack needs network signing keys this registry may not serve).
 */
export function ensurePnpm() {
  const version = pinnedPnpmVersion();
  if (versionOf('pnpm') === version) return 'pnpm';
  const bin = path.join(ROOT, '.tools', 'node_modules', '.bin');
  const local = path.join(bin, 'pnpm');
  // turbo and the package scripts look for `pnpm` on PATH, so the local copy goes there too.
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
  if (existsSync(local) && versionOf(local) === version) return local;
  log(`installing pnpm ${version} into .tools/`);
  run('npm', [
    'install',
    '--prefix',
    path.join(ROOT, '.tools'),
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `pnpm@${version}`,
  ]);
  return local;
}

/** Installs dependencies exactly as the lockfile says (fast when nothing changed). */
export function installDependencies(pnpm) {
  log('installing dependencies');
  run(pnpm, ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=append-only'], {
    env: { ...process.env, CI: process.env.CI ?? 'true' },
  });
}

export function build(pnpm) {
  log('building');
  run(pnpm, ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}
