import type { LoadReport } from '@shakedown/core/report';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { ChartFrame } from '../../../components/chart-frame';
import { toLoadTimeline, toPercentiles, toStatusBars } from '../utils/to-load-series';

/** 15% above the largest value, so a flat line never sits on the chart's top border. */
const HEADROOM: [number, (max: number) => number] = [0, (max) => niceCeiling(max * 1.15)];

function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = magnitude / 2;
  return Math.ceil(value / step) * step;
}

const KIND_COLOURS: Record<string, string> = {
  '2xx': '#137333',
  '3xx': '#2b6cb0',
  '4xx': '#b7791f',
  '5xx': '#b42318',
  error: '#7a1010',
};

/** The load stage: throughput and p95 over time, latency percentiles and status codes. */
export default function LoadCharts({ load }: { load: LoadReport }) {
  const timeline = toLoadTimeline(load);
  const statuses = toStatusBars(load);
  const percentiles = toPercentiles(load);
  return (
    <div className="stack">
      <p>
        {load.executor}: {load.requests} requests, {Math.round(load.rps)} req/s on average, p95{' '}
        {load.latencyMs.p95.toFixed(1)} ms, {(load.failedRate * 100).toFixed(2)} % failed.
      </p>
      {load.thresholds.length > 0 ? (
        <ul aria-label="Thresholds">
          {load.thresholds.map((threshold) => (
            <li key={`${threshold.metric} ${threshold.expr}`}>
              <span className={`badge badge--${threshold.ok ? 'ok' : 'failed'}`}>
                {threshold.ok ? 'pass' : 'fail'}
              </span>{' '}
              <code>
                {threshold.metric}: {threshold.expr}
              </code>{' '}
              (value {threshold.value.toFixed(2)})
            </li>
          ))}
        </ul>
      ) : null}
      <div className="grid">
        <figure
          className="card"
          aria-label="Requests per second and p95 over time"
          style={{ margin: 0 }}
        >
          <figcaption>
            <h3>Requests per second and p95 latency</h3>
          </figcaption>
          <ChartFrame>
            <LineChart data={timeline} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="t" unit=" s" />
              <YAxis yAxisId="rps" width={50} domain={HEADROOM} />
              <YAxis yAxisId="ms" orientation="right" unit=" ms" width={70} domain={HEADROOM} />
              <Tooltip />
              <Legend itemSorter={null} />
              <Line
                isAnimationActive={false}
                yAxisId="rps"
                type="monotone"
                dataKey="rps"
                name="req/s"
                stroke="#2457c5"
                dot={false}
              />
              <Line
                isAnimationActive={false}
                yAxisId="ms"
                type="monotone"
                dataKey="p95"
                name="p95 ms"
                stroke="#b42318"
                dot={false}
              />
            </LineChart>
          </ChartFrame>
        </figure>
        <figure className="card" aria-label="Latency percentiles" style={{ margin: 0 }}>
          <figcaption>
            <h3>Latency percentiles</h3>
          </figcaption>
          <ChartFrame>
            <BarChart data={percentiles} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis unit=" ms" width={70} domain={HEADROOM} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="ms" name="ms" fill="#2457c5" />
            </BarChart>
          </ChartFrame>
        </figure>
        <figure className="card" aria-label="Status codes" style={{ margin: 0 }}>
          <figcaption>
            <h3>Status codes</h3>
          </figcaption>
          <ChartFrame>
            <BarChart data={statuses} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="status" />
              <YAxis allowDecimals={false} width={60} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="count" name="requests">
                {statuses.map((bar) => (
                  <Cell key={bar.status} fill={KIND_COLOURS[bar.kind] ?? '#5b6572'} />
                ))}
              </Bar>
            </BarChart>
          </ChartFrame>
        </figure>
      </div>
    </div>
  );
}
