import { spawn } from 'node:child_process';

import autocannon from 'autocannon';

import { RunBudget } from '../src/http/budget';
import { runLoadStage } from '../src/load/run-load-stage';
import { loadConfig } from '../src/load/testing/load-config';

/** Connections of the closed model, for both engines. */
export const CONNECTIONS = 50;

/** What one child run reports on its last stdout line. */
export interface ChildReport {
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

export const HUGE_BUDGET = {
  maxRps: 100_000,
  maxRequests: 100_000_000,
  maxBytes: '100GB',
  maxDuration: '1h',
} as const;

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

let startRssMb = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;

function cpuUsPerRequest(requests: number): number {
  const used = process.cpuUsage(cpuAtStart);
  return Math.round(((used.user + used.system) / Math.max(1, requests)) * 100) / 100;
}

/** The resources of a child so far: peak RSS, its RSS before the run, CPU per request. */
function usage(
  requests: number,
): Pick<ChildReport, 'peakRssMb' | 'startRssMb' | 'cpuUsPerRequest'> {
  return { peakRssMb: peakRssMb(), startRssMb, cpuUsPerRequest: cpuUsPerRequest(requests) };
}

async function childOurs(url: string, seconds: number): Promise<ChildReport> {
  const config = loadConfig(
    url,
    { executor: 'constant-vus', vus: CONNECTIONS, duration: seconds * 1000 },
    HUGE_BUDGET,
  );
  const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
  return {
    rps: result.report.requests / seconds,
    requests: result.report.requests,
    ...usage(result.report.requests),
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
    ...usage(result.requests.total),
    transportErrors: result.errors,
  };
}

async function childOpen(url: string, seconds: number, rate: number): Promise<ChildReport> {
  const config = loadConfig(
    url,
    { executor: 'constant-arrival-rate', rate, duration: seconds * 1000 },
    HUGE_BUDGET,
  );
  const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
  const raw = result.raw;
  return {
    rps: result.report.rps,
    requests: raw.requests,
    ...usage(raw.requests),
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

/** In a child (`--child ours|autocannon|open URL SECONDS [RATE]`): one run, one JSON line. */
export async function runChild(): Promise<void> {
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

/**
 * Runs `script --child …args` in a fresh process, so one engine's garbage or JIT state never
 * slows the other, and returns its report.
 */
export function spawnChild(script: string, args: string[]): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, '--child', ...args], {
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
