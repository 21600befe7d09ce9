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
import { hasLatency, type HistoryPoint } from '../utils/to-history-series';

const SEVERITY_COLOURS = {
  critical: '#7a1010',
  high: '#c4320a',
  medium: '#b7791f',
  low: '#2b6cb0',
  info: '#5b6572',
} as const;

const OUTCOME_COLOURS = {
  findings: '#c4320a',
  clean: '#2f855a',
  inconclusive: '#b7791f',
} as const;

function pointLabel(point: HistoryPoint | undefined): string {
  if (!point) return '';
  return `Run ${point.label} · ${point.date} · ${point.outcome ?? 'no verdict'}`;
}

/** Each run's coverage, coloured by its verdict: an inconclusive run never looks clean. */
function VerdictChart({ points }: { points: HistoryPoint[] }) {
  return (
    <figure className="card" aria-label="Verdict and coverage per run" style={{ margin: 0 }}>
      <figcaption>
        <h3>Verdict per run (% of checks decided)</h3>
        <p className="muted">
          {Object.entries(OUTCOME_COLOURS).map(([outcome, colour]) => (
            <span key={outcome} style={{ color: colour, marginRight: '0.75rem' }}>
              ■ {outcome}
            </span>
          ))}
        </p>
      </figcaption>
      <ChartFrame>
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis domain={[0, 100]} unit="%" width={50} />
          <Tooltip
            labelFormatter={(_label, payload) =>
              pointLabel(payload[0]?.payload as HistoryPoint | undefined)
            }
          />
          <Bar isAnimationActive={false} dataKey="coverage" name="decided">
            {points.map((point) => (
              <Cell
                key={point.runId}
                fill={point.outcome ? OUTCOME_COLOURS[point.outcome] : '#5b6572'}
              />
            ))}
          </Bar>
        </BarChart>
      </ChartFrame>
    </figure>
  );
}

/** Findings by severity per run, and the load stage's p95 over runs. Ready-made points in. */
export default function HistoryCharts({ points }: { points: HistoryPoint[] }) {
  return (
    <div className="grid">
      <VerdictChart points={points} />
      <figure className="card" aria-label="Findings by severity per run" style={{ margin: 0 }}>
        <figcaption>
          <h3>Findings by severity per run</h3>
        </figcaption>
        <ChartFrame>
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} width={40} />
            <Tooltip
              labelFormatter={(_label, payload) =>
                pointLabel(payload[0]?.payload as HistoryPoint | undefined)
              }
            />
            <Legend itemSorter={null} />
            {(Object.keys(SEVERITY_COLOURS) as (keyof typeof SEVERITY_COLOURS)[]).map(
              (severity) => (
                <Bar
                  isAnimationActive={false}
                  key={severity}
                  dataKey={severity}
                  stackId="severity"
                  fill={SEVERITY_COLOURS[severity]}
                />
              ),
            )}
          </BarChart>
        </ChartFrame>
      </figure>
      <figure className="card" aria-label="p95 latency over runs" style={{ margin: 0 }}>
        <figcaption>
          <h3>p95 latency over runs</h3>
        </figcaption>
        {hasLatency(points) ? (
          <ChartFrame>
            <LineChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis unit=" ms" width={70} />
              <Tooltip />
              <Line
                isAnimationActive={false}
                type="monotone"
                dataKey="p95"
                name="p95"
                stroke="#2457c5"
                connectNulls
              />
            </LineChart>
          </ChartFrame>
        ) : (
          <p className="muted">No run of this target had a load stage yet.</p>
        )}
      </figure>
    </div>
  );
}
