import type { SeriesPoint } from '../report/report.schema';
import {
  createLatencyHistogram,
  encodeHistogram,
  percentileMs,
  type LatencyHistogram,
} from './latency-histogram';
import type { RecordedSecond } from './load-result.schema';

/**
 * A load stage second by second: the open second's latencies and counts, closed into one point
 * at each whole second and added to the stage's total histogram. Memory is two histograms and
 * one small point per second.
 */
export class SecondSeries {
  readonly points: RecordedSecond[] = [];
  /** Every latency of the stage so far (closed seconds). */
  readonly total = createLatencyHistogram();
  private readonly second = createLatencyHistogram();
  /** The open second: its index from the stage's start, and its counts. */
  index = 0;
  requests = 0;
  errors = 0;

  /** Shards keep each second's encoded histogram, so the merged series stays exact. */
  constructor(private readonly keepSecondHistograms: boolean) {}

  record(histogramValue: number): void {
    this.second.recordValue(histogramValue);
  }

  count(isFailed: boolean): void {
    this.requests += 1;
    if (isFailed) this.errors += 1;
  }

  /**
   * Closes the open second as `lengthMs` long and opens the next. `inspect` reads the closed
   * second, with its histogram, before that is reset (the safety monitor).
   */
  close(
    lengthMs: number,
    inspect?: (point: RecordedSecond, histogram: LatencyHistogram) => void,
  ): RecordedSecond {
    const second = this.second;
    const point: RecordedSecond = {
      t: this.index,
      lengthMs,
      requests: this.requests,
      errors: this.errors,
      p95: percentileMs(second, 95),
      ...(this.keepSecondHistograms ? { histogram: encodeHistogram(second) } : {}),
    };
    this.points.push(point);
    this.total.add(second);
    inspect?.(point, second);
    second.reset();
    this.index += 1;
    this.requests = 0;
    this.errors = 0;
    return point;
  }
}

export function toSeriesPoint(second: RecordedSecond): SeriesPoint {
  return {
    t: second.t,
    rps: Math.round((second.requests / (second.lengthMs / 1000)) * 10) / 10,
    p95: second.p95,
    errors: second.errors,
  };
}
