import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, listenLocally } from '../src/testing';

/** The server the load engines measure against. */
export interface Target {
  url: string;
  kind: string;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess): Promise<boolean> {
  for (let attempt = 0; attempt < 100 && child.exitCode === null; attempt++) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Debian's nginx, installed with apt-get when it is missing and this user may install. */
function ensureNginx(): boolean {
  const has = () => spawnSync('sh', ['-c', 'command -v nginx'], { stdio: 'ignore' }).status === 0;
  if (has()) return true;
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!root && !sudo) return false;
  process.stdout.write('installing nginx from Debian (apt-get install nginx)…\n');
  const apt = (args: string[]) =>
    spawnSync(root ? 'apt-get' : 'sudo', root ? args : ['apt-get', ...args], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 300_000,
    });
  if (apt(['install', '-y', '-qq', 'nginx']).status !== 0) {
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', 'nginx']);
  }
  return has();
}

export async function startNginx(): Promise<Target | undefined> {
  if (!ensureNginx()) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'shakedown-bench-nginx-'));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'worker_processes 1;',
      'daemon off;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;`,
      `  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;`,
      '  keepalive_requests 1000000000;',
      `  server { listen 127.0.0.1:${port}; location / { return 200 "ok\\n"; } }`,
      '}',
      '',
    ].join('\n'),
  );
  let child: ChildProcess;
  try {
    child = spawn('nginx', ['-p', dir, '-c', conf, '-e', `${dir}/error.log`], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  if (!spawned || !(await waitForPort(port, child))) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    kind: 'nginx (worker_processes 1, return 200)',
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startNodeTarget(): Promise<Target> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 3 });
    response.end('ok\n');
  });
  server.keepAliveTimeout = 60_000;
  const { url, close } = await listenLocally(server);
  return { url, kind: 'a minimal Node server (nginx not found)', stop: close };
}
