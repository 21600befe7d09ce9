/**
 * `pnpm bench:load`: the load engine against autocannon, side by side in one run.
 *
 * 1. Closed model: our `constant-vus` engine and autocannon, 50 connections each, 10 s each,
 *    alternating A/B (at least 3 pairs, the order flipping every pair), against nginx with a
 *    fixed 200 answer (`worker_processes 1`, its own config in a temp dir, a free 127.0.0.1
 *    port; a minimal Node server when nginx is missing). Prints both medians and their ratio.
 * 2. Open model: `constant-arrival-rate` at 2,000 req/s for 10 s: how close the sent count is
 *    to the schedule, dropped iterations, latency, and the engine's peak RSS.
 *
 * Every run is a fresh child process, so one engine's garbage or JIT state never slows the
 * other, and each reports its own peak RSS. Absolute numbers move ±10–35% between runs on this
 * machine (target and generator share two cores): read the ratio.
 *
 * Flags: --seconds N (default 10), --pairs N (default 3), --rate N (default 2000),
 *        --chart FILE (also write the docs chart from a real ramping run, see docs/load.md).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import autocannon from 'autocannon';

import { RunBudget } from '../src/http/budget';
import { ArrivalSchedule, defaultMaxVus, rateSegments, runLoadStage } from '../src/load';
import { loadConfig } from '../src/load/testing/load-config';
import type { SeriesPoint } from '../src/report/report.schema';

const CONNECTIONS = 50;

interface ChildReport {
  rps: number;
  requests: number;
  peakRssMb: number;
  /** RSS once the child has loaded (Node, tsx, the engine or autocannon), before the run. */
  startRssMb: number;
  /** CPU time (user + system) of the run per request: steadier than req/s on a busy machine. */
  cpuUsPerRequest: number;
  scheduled?: number;
  dropped?: number;
  interrupted?: number;
  latencyMs?: { p50: number; p99: number; max: number };
  transportErrors?: number;
}

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

let startRssMb = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;

function cpuUsPerRequest(requests: number): number {
  const used = process.cpuUsage(cpuAtStart);
  return Math.round(((used.user + used.system) / Math.max(1, requests)) * 100) / 100;
}

const hugeBudget = {
  maxRps: 100_000,
  maxRequests: 100_000_000,
  maxBytes: '100GB',
  maxDuration: '1h',
} as const;

// ---------------------------------------------------------------------------------------------
// Children: one engine, one run, one JSON line on stdout.

async function childOurs(url: string, seconds: number): Promise<ChildReport> {
  const config = loadConfig(
    url,
    { executor: 'constant-vus', vus: CONNECTIONS, duration: seconds * 1000 },
    hugeBudget,
  );
  const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
  return {
    rps: result.report.requests / seconds,
    requests: result.report.requests,
    peakRssMb: peakRssMb(),
    startRssMb,
    cpuUsPerRequest: cpuUsPerRequest(result.report.requests),
    transportErrors: result.raw.transportErrors,
  };
}

async function childAutocannon(url: string, seconds: number): Promise<ChildReport> {
  const result = await autocannon({
    url: `${url}/items`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  return {
    rps: result.requests.total / seconds,
    requests: result.requests.total,
    peakRssMb: peakRssMb(),
    startRssMb,
    cpuUsPerRequest: cpuUsPerRequest(result.requests.total),
    transportErrors: result.errors,
  };
}

async function childOpen(url: string, seconds: number, rate: number): Promise<ChildReport> {
  const config = loadConfig(
    url,
    { executor: 'constant-arrival-rate', rate, duration: seconds * 1000 },
    hugeBudget,
  );
  const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
  const raw = result.raw;
  return {
    rps: result.report.rps,
    requests: raw.requests,
    peakRssMb: peakRssMb(),
    startRssMb,
    cpuUsPerRequest: cpuUsPerRequest(raw.requests),
    scheduled: raw.scheduledIterations,
    dropped: raw.droppedIterations,
    interrupted: raw.interruptedIterations,
    latencyMs: {
      p50: result.report.latencyMs.p50,
      p99: result.report.latencyMs.p99,
      max: result.report.latencyMs.max,
    },
    transportErrors: raw.transportErrors,
  };
}

async function runChild(): Promise<void> {
  const [kind, url, secondsText, rateText] = process.argv.slice(
    process.argv.indexOf('--child') + 1,
  );
  const seconds = Number(secondsText);
  startRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  cpuAtStart = process.cpuUsage();
  const report =
    kind === 'ours'
      ? await childOurs(url!, seconds)
      : kind === 'autocannon'
        ? await childAutocannon(url!, seconds)
        : await childOpen(url!, seconds, Number(rateText));
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function spawnChild(args: string[]): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, '--child', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`child ${args[0]} exited with ${code}: ${out}`));
        return;
      }
      resolve(JSON.parse(line) as ChildReport);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The target.

interface Target {
  url: string;
  kind: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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

async function startNginx(): Promise<Target | undefined> {
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

async function startNodeTarget(): Promise<Target> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 3 });
    response.end('ok\n');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    kind: 'a minimal Node server (nginx not found)',
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The docs chart: a real ramping-arrival-rate run against a target with a capacity limit.

async function writeChart(file: string): Promise<void> {
  // A target that serves 4 requests at a time in 10 ms each (~400 req/s) and queues the rest.
  let busy = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    busy -= 1;
    queue.shift()?.();
  };
  const server = createServer((_request, response) => {
    const serve = () => {
      busy += 1;
      setTimeout(() => {
        response.writeHead(200, { 'content-length': 2 });
        response.end('ok');
        release();
      }, 10);
    };
    if (busy < 4) serve();
    else queue.push(serve);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig(
    `http://127.0.0.1:${port}`,
    {
      executor: 'ramping-arrival-rate',
      startRate: 50,
      stages: [
        { duration: '5s', target: 200 },
        { duration: '10s', target: 500 },
        { duration: '5s', target: 100 },
      ],
      maxVUs: 200,
      thresholds: { http_req_duration: ['p(95)<100'] },
    },
    hugeBudget,
  );
  const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
  server.closeAllConnections();
  server.close();
  // What the open model scheduled in each second, for comparison with what was answered.
  const schedule = new ArrivalSchedule(rateSegments(config.probes.load!));
  const scheduled: number[] = [];
  for (let at = schedule.peek(); at !== undefined; at = schedule.peek()) {
    const t = Math.floor(at / 1000);
    scheduled[t] = (scheduled[t] ?? 0) + 1;
    schedule.advance();
  }
  const caption =
    `${result.raw.droppedIterations} iterations dropped (all 200 VUs busy)` +
    (result.abortedReason
      ? `; the stage stopped itself at ${Math.round(result.raw.durationMs / 1000)} s`
      : '');
  writeFileSync(file, renderChart(result.report.series, scheduled, caption));
  console.log(
    `chart: ${file} (${result.report.requests} requests, p95 ${result.report.latencyMs.p95} ms, ` +
      `${result.raw.droppedIterations} dropped, stopped early: ${result.abortedReason ?? 'no'})`,
  );
}

/** A small two-axis SVG: answered req/s (bars), scheduled req/s (dashed), p95 latency (red). */
function renderChart(series: SeriesPoint[], scheduled: number[], caption: string): string {
  const width = 640;
  const height = 290;
  const left = 48;
  const right = 56;
  const top = 52;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const seconds = Math.max(series.length, scheduled.length);
  const maxRps = niceCeil(Math.max(1, ...series.map((point) => point.rps), ...scheduled));
  const maxP95 = niceCeil(Math.max(1, ...series.map((point) => point.p95)));
  const step = plotW / Math.max(1, seconds);
  const x = (i: number) => left + i * step;
  const yRps = (v: number) => top + plotH - (v / maxRps) * plotH;
  const yP95 = (v: number) => top + plotH - (v / maxP95) * plotH;
  const bars = series
    .map(
      (point, i) =>
        `<rect x="${(x(i) + 1).toFixed(1)}" y="${yRps(point.rps).toFixed(1)}" width="${(step - 2).toFixed(1)}" height="${(top + plotH - yRps(point.rps)).toFixed(1)}" fill="#9ecae1"/>`,
    )
    .join('');
  const planned = scheduled
    .map((count, i) => `${(x(i) + step / 2).toFixed(1)},${yRps(count).toFixed(1)}`)
    .join(' ');
  const line = series
    .map((point, i) => `${(x(i) + step / 2).toFixed(1)},${yP95(point.p95).toFixed(1)}`)
    .join(' ');
  const ticks = [0, 0.5, 1]
    .map((f) => {
      const y = top + plotH - f * plotH;
      return (
        `<text x="${left - 6}" y="${y + 4}" text-anchor="end">${Math.round(maxRps * f)}</text>` +
        `<text x="${width - right + 6}" y="${y + 4}">${Math.round(maxP95 * f)}</text>` +
        `<line x1="${left}" x2="${width - right}" y1="${y}" y2="${y}" stroke="#ddd"/>`
      );
    })
    .join('');
  const labels = Array.from({ length: seconds }, (_, t) => t)
    .filter((t) => t % 5 === 0)
    .map(
      (t) =>
        `<text x="${(x(t) + step / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${t}s</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="16" font-size="12">ramping-arrival-rate 50→200→500→100/s against a target that serves ~400 req/s</text>`,
    `<text x="${left}" y="31" fill="#555">bars: answered req/s · dashed: scheduled req/s · red: p95 ms (from the scheduled start)</text>`,
    `<text x="${left}" y="44" fill="#555">${caption}</text>`,
    ticks,
    bars,
    `<polyline points="${planned}" fill="none" stroke="#555" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    `<polyline points="${line}" fill="none" stroke="#d62728" stroke-width="2"/>`,
    labels,
    `<text x="${left - 6}" y="${height - bottom + 16}" text-anchor="end" fill="#3182bd">req/s</text>`,
    `<text x="${width - right + 6}" y="${height - bottom + 16}" fill="#d62728">p95 ms</text>`,
    `</svg>`,
    '',
  ].join('\n');
}

function niceCeil(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

// ---------------------------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const seconds = flag('seconds', 10);
  const pairs = Math.max(3, flag('pairs', 3));
  const rate = flag('rate', 2000);
  const chartIndex = process.argv.indexOf('--chart');
  if (chartIndex >= 0) {
    await writeChart(path.resolve(process.argv[chartIndex + 1] ?? 'load-chart.svg'));
    return;
  }
  const target = (await startNginx()) ?? (await startNodeTarget());
  console.log(`target: ${target.kind} at ${target.url}`);
  try {
    const ours: ChildReport[] = [];
    const theirs: ChildReport[] = [];
    console.log(
      `\nclosed model, ${CONNECTIONS} connections, ${seconds} s each, ${pairs} alternating pairs`,
    );
    for (let pair = 0; pair < pairs; pair++) {
      const order =
        pair % 2 === 0 ? (['ours', 'autocannon'] as const) : (['autocannon', 'ours'] as const);
      for (const kind of order) {
        const report = await spawnChild([kind, target.url, String(seconds)]);
        (kind === 'ours' ? ours : theirs).push(report);
        console.log(
          `  pair ${pair + 1} ${kind.padEnd(10)} ${fmt(report.rps).padStart(8)} req/s` +
            `  ${report.cpuUsPerRequest.toFixed(1)} µs CPU/req` +
            `  peak RSS ${report.peakRssMb} MB (${report.startRssMb} MB before the run)` +
            `  errors ${report.transportErrors ?? 0}`,
        );
      }
    }
    const oursMedian = median(ours.map((report) => report.rps));
    const theirsMedian = median(theirs.map((report) => report.rps));
    console.log(`  median ours        ${fmt(oursMedian)} req/s`);
    console.log(`  median autocannon  ${fmt(theirsMedian)} req/s`);
    const cpuRatio =
      median(theirs.map((report) => report.cpuUsPerRequest)) /
      median(ours.map((report) => report.cpuUsPerRequest));
    console.log(
      `  ratio ours/autocannon ${(oursMedian / theirsMedian).toFixed(3)}× (goal ≥ 1.0×); ` +
        `requests per CPU second ${cpuRatio.toFixed(3)}×; ` +
        `peak RSS ours ${median(ours.map((r) => r.peakRssMb))} MB, ` +
        `autocannon ${median(theirs.map((r) => r.peakRssMb))} MB`,
    );

    console.log(
      `\nopen model, constant-arrival-rate ${fmt(rate)}/s for ${seconds} s ` +
        `(default maxVUs ${defaultMaxVus(rate)})`,
    );
    const open = await spawnChild(['open', target.url, String(seconds), String(rate)]);
    const scheduled = open.scheduled ?? 0;
    const sent = open.requests + (open.interrupted ?? 0);
    console.log(
      `  scheduled ${fmt(scheduled)}, sent ${fmt(sent)} (${((sent / scheduled) * 100).toFixed(2)}% of ` +
        `the schedule, goal ≥ 99%), answered or failed ${fmt(open.requests)}, ` +
        `dropped ${fmt(open.dropped ?? 0)}, transport errors ${open.transportErrors ?? 0}`,
    );
    console.log(
      `  ${open.rps} req/s; latency from the scheduled start p50 ${open.latencyMs?.p50} ms, ` +
        `p99 ${open.latencyMs?.p99} ms, max ${open.latencyMs?.max} ms; peak RSS ${open.peakRssMb} MB ` +
        `(${open.startRssMb} MB before the run)`,
    );
  } finally {
    await target.stop();
  }
}

if (process.argv.includes('--child')) {
  runChild().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
