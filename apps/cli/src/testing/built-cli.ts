import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The repository's root, for the example configs the tests read. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** The built CLI: `node apps/cli/dist/main.js`, what `pnpm shakedown` runs. */
export const BUILT_CLI = path.join(REPOSITORY_ROOT, 'apps', 'cli', 'dist', 'main.js');

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI in `cwd`; `done` settles when it has exited and its output is read. */
export function startCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliOutcome> } {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliOutcome>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliOutcome> {
  return startCli(args, cwd, env).done;
}
