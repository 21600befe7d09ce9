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
 *
 * The children are in load-children.ts, the targets in load-targets.ts, the chart in
 * load-chart.ts.
 */
import path from 'node:path';

import { defaultMaxVus } from '../src/load/run-load-stage';
import { flag } from './bench-args';
import { writeChart } from './load-chart';
import { CONNECTIONS, runChild, spawnChild, type ChildReport } from './load-children';
import { startNginx, startNodeTarget } from './load-targets';

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
        const report = await spawnChild(__filename, [kind, target.url, String(seconds)]);
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
    const open = await spawnChild(__filename, ['open', target.url, String(seconds), String(rate)]);
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
