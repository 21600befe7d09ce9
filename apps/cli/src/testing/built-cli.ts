import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** The built CLI, what `pnpm shakedown` runs. */
export const MAIN = path.join(ROOT, 'apps', 'cli', 'dist', 'main.js');

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `shakedown` with `args` in `cwd` (no colour, `env` over the process's). */
export function shakedown(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
