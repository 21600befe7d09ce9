import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort } from '@shakedown/core/testing';

const ROOT = path.resolve(__dirname, '..', '..');

/** Resolves with everything printed once `pattern` appears; rejects if the process exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the start command exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** A line the start command forwards from one of its parts: `<name> | <text>`, name in colour. */
function partLine(name: string, text: string): RegExp {
  return new RegExp(`\\u001b\\[36m${name}\\s*\\u001b\\[0m\\| .*${text}`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('the start command (npm start)', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'shakedown-up-'));
    // The embedded PostgreSQL runs as the `postgres` user, which must enter the folder.
    chmodSync(dataDir, 0o755);
  });

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings up the product on an embedded database, prints the URLs, and stops on Ctrl-C', async () => {
    // Free ports, not fixed ones: a fixed port in the ephemeral range can be taken by any
    // connection on the machine (43102 was, once).
    const [api, worker, web, demo, pg] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
    const ports = { api: api!, worker: worker!, web: web!, demo: demo!, pg: pg! };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // No DATABASE_URL: the command must start its embedded PostgreSQL.
      SHAKEDOWN_DATA_DIR: dataDir,
      API_PORT: String(ports.api),
      WORKER_PORT: String(ports.worker),
      WEB_PORT: String(ports.web),
      DEMO_API_PORT: String(ports.demo),
      SHAKEDOWN_PG_PORT: String(ports.pg),
      REDIS_PREFIX: `shakedown_e2e_${process.pid}`,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    };
    child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'up.mjs')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const output = await waitForOutput(child, /Press Ctrl-C to stop/, 240_000);

    expect(output).toContain('creating an embedded PostgreSQL');
    expect(output).toContain(`dashboard  http://127.0.0.1:${ports.web}`);
    expect(output).toMatch(/demo login\s+demo@shakedown\.dev/);
    // The parts' start-up lines come first, the closing banner last, and logs read as lines
    // for a person (LOG_FORMAT=pretty), not JSON.
    const banner = stdout.indexOf('Shakedown is running.');
    expect(stdout.slice(0, banner)).toMatch(partLine('api', 'INFO.*api listening on http'));
    expect(stdout.slice(0, banner)).toMatch(partLine('worker', 'INFO.*worker ready'));
    expect(stdout.slice(banner)).not.toMatch(partLine('\\w+', ''));
    expect(stdout).not.toMatch(partLine('api', '\\{"level"'));

    const health = await fetch(`http://127.0.0.1:${ports.api}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const dashboard = await fetch(`http://127.0.0.1:${ports.web}/`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<div id="root">');

    const proxied = await fetch(`http://127.0.0.1:${ports.web}/api/health`);
    expect(proxied.status).toBe(200);

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ports.api}/health`)).rejects.toThrow();
  });
});
