import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { RunBudget } from '../src/http/budget';
import { ArrivalSchedule, rateSegments } from '../src/load/arrival-schedule';
import { runLoadStage } from '../src/load/run-load-stage';
import { loadConfig } from '../src/load/testing/load-config';
import type { SeriesPoint } from '../src/report/report.schema';
import { HUGE_BUDGET } from './load-children';

/** The docs chart: a real ramping-arrival-rate run against a target with a capacity limit. */
export async function writeChart(file: string): Promise<void> {
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
    HUGE_BUDGET,
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
