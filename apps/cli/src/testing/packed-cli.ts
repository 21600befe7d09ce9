import { execFile, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { createDemoApi, type DemoApiOptions } from '@shakedown/demo-api';
import { listenLocally } from '@shakedown/core/testing';

import { outputOf, type Finished } from './child-output';

/** Helpers of the tests that pack the CLI, install the tarball and run it as a user would. */

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const CLI_DIR = path.join(ROOT, 'apps', 'cli');
const run = promisify(execFile);

/** Runs a command to its end, with `env` on top of a PATH-only environment. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Finished> {
  return outputOf(
    spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** `npm pack` of apps/cli (built beforehand) into a fresh folder; the tarball's path. */
export async function packCli(): Promise<string> {
  const into = mkdtempSync(path.join(tmpdir(), 'shakedown-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', into], {
    cwd: CLI_DIR,
  });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error('npm pack wrote no tarball');
  return path.join(into, packed.filename);
}

/**
 * A fresh folder outside the workspace with the tarball installed by its own `npm install`
 * (offline: the package has no dependency to fetch). Returns the folder and its `shakedown`.
 */
export async function installTarball(tarball: string): Promise<{ dir: string; bin: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'shakedown-user-'));
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "user-project", "private": true }\n');
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir },
  });
  return { dir, bin: path.join(dir, 'node_modules', '.bin', 'shakedown') };
}

/** Every symlink under `dir` whose target is outside `dir` (e.g. into the monorepo). */
export function linksLeaving(dir: string): string[] {
  const root = realpathSync(dir);
  const leaving: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const file = path.join(folder, entry);
      const stat = lstatSync(file);
      if (stat.isSymbolicLink()) {
        if (!realpathSync(file).startsWith(root + path.sep)) leaving.push(file);
      } else if (stat.isDirectory()) {
        walk(file);
      }
    }
  };
  walk(root);
  return leaving;
}

/** examples/demo.yml aimed at `url`, written into `dir`; returns its path. */
export function writeDemoConfig(dir: string, url: string, name = 'shakedown.yml'): string {
  const demo = readFileSync(path.join(ROOT, 'examples', 'demo.yml'), 'utf8');
  const file = path.join(dir, name);
  writeFileSync(file, demo.replace('baseUrl: http://127.0.0.1:4010', `baseUrl: ${url}`));
  return file;
}

/** A fresh demo API on 127.0.0.1 for the length of `use` (fresh: no rate-limit or note state). */
export async function withDemoApi<T>(
  options: DemoApiOptions,
  use: (url: string) => Promise<T>,
): Promise<T> {
  const server = await listenLocally(createDemoApi(options));
  try {
    return await use(server.url);
  } finally {
    await server.close();
  }
}

/** The SARIF 2.1.0 schema the repository keeps (see packages/core/test/fixtures/README.md). */
export function sarifSchema(): Record<string, unknown> {
  const file = path.join(ROOT, 'packages', 'core', 'test', 'fixtures', 'sarif-schema-2.1.0.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
