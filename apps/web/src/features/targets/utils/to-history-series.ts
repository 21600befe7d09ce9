import type { TargetHistoryPoint } from '@shakedown/core/contract';
import type { Outcome } from '@shakedown/core/report';

export interface HistoryPoint {
  /** `#3`: the run's position in the history, oldest first. */
  label: string;
  runId: string;
  date: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  /** The load stage's p95 in ms; null when the run had no load stage. */
  p95: number | null;
  /** The run's verdict; null when its summary is missing. */
  outcome: Outcome | null;
  /** Checks decided, in percent (0 when unknown). */
  coverage: number;
}

/** The history chart's points, oldest run first, whatever order the API sent. */
export function toHistorySeries(items: readonly TargetHistoryPoint[]): HistoryPoint[] {
  return [...items]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((item, index) => ({
      label: `#${index + 1}`,
      runId: item.runId,
      date: item.createdAt.slice(0, 16).replace('T', ' '),
      ...item.bySeverity,
      p95: item.loadP95Ms === null ? null : Math.round(item.loadP95Ms * 10) / 10,
      outcome: item.outcome,
      coverage: Math.round((item.coverage ?? 0) * 100),
    }));
}

export function hasLatency(points: readonly HistoryPoint[]): boolean {
  return points.some((point) => point.p95 !== null);
}
