import type { Load } from '../config/config.schema';

/** A piece of the arrival-rate plan: the rate moves linearly from `fromRate` to `toRate`. */
export interface RateSegment {
  startMs: number;
  durationMs: number;
  /** Iterations per second at the start of the segment. */
  fromRate: number;
  /** Iterations per second at its end. */
  toRate: number;
}

/** The rate plan of an arrival-rate executor: one segment, or one per stage. */
export function rateSegments(load: Load): RateSegment[] {
  switch (load.executor) {
    case 'constant-arrival-rate': {
      const rate = load.rate ?? 0;
      return [{ startMs: 0, durationMs: load.duration ?? 0, fromRate: rate, toRate: rate }];
    }
    case 'ramping-arrival-rate': {
      const segments: RateSegment[] = [];
      let startMs = 0;
      let fromRate = load.startRate;
      for (const stage of load.stages ?? []) {
        segments.push({ startMs, durationMs: stage.duration, fromRate, toRate: stage.target });
        startMs += stage.duration;
        fromRate = stage.target;
      }
      return segments;
    }
    case 'constant-vus':
      return [];
  }
}

/** The plan with every rate above `maxRate` lowered to it (segments split where they cross). */
export function capRateSegments(segments: readonly RateSegment[], maxRate: number): RateSegment[] {
  const capped: RateSegment[] = [];
  for (const segment of segments) {
    const { startMs, durationMs, fromRate, toRate } = segment;
    if (fromRate <= maxRate && toRate <= maxRate) {
      capped.push(segment);
    } else if (fromRate >= maxRate && toRate >= maxRate) {
      capped.push({ startMs, durationMs, fromRate: maxRate, toRate: maxRate });
    } else {
      const crossMs = (durationMs * (maxRate - fromRate)) / (toRate - fromRate);
      const first = { startMs, durationMs: crossMs, fromRate, toRate: maxRate };
      const second = {
        startMs: startMs + crossMs,
        durationMs: durationMs - crossMs,
        fromRate: maxRate,
        toRate,
      };
      if (fromRate < maxRate) capped.push(first, { ...second, toRate: maxRate });
      else capped.push({ ...first, fromRate: maxRate }, second);
    }
  }
  return capped;
}

export function peakRate(segments: readonly RateSegment[]): number {
  return segments.reduce((peak, s) => Math.max(peak, s.fromRate, s.toRate), 0);
}

function totalDurationMs(segments: readonly RateSegment[]): number {
  const last = segments[segments.length - 1];
  return last ? last.startMs + last.durationMs : 0;
}

/** Iterations a segment holds: the integral of its rate. */
function segmentIterations(segment: RateSegment): number {
  return ((segment.fromRate + segment.toRate) / 2) * (segment.durationMs / 1000);
}

/** Iterations the whole plan schedules. */
export function scheduledIterations(segments: readonly RateSegment[]): number {
  const total = segments.reduce((sum, segment) => sum + segmentIterations(segment), 0);
  return Math.ceil(total - 1e-9);
}

/**
 * The start times of the open model: iteration k starts when the integral of the rate reaches
 * k, whatever happened to earlier iterations. Pure and allocation-free per step, so the
 * scheduler can call it on the hot path.
 */
export class ArrivalSchedule {
  private segmentIndex = 0;
  /** Iterations scheduled before the current segment (fractional). */
  private before = 0;
  private next = 0;
  readonly total: number;
  readonly durationMs: number;

  constructor(private readonly segments: readonly RateSegment[]) {
    this.total = scheduledIterations(segments);
    this.durationMs = totalDurationMs(segments);
  }

  /** How many iterations have been handed out. */
  get issued(): number {
    return this.next;
  }

  /** The start (ms from the stage start) of the next iteration, without consuming it. */
  peek(): number | undefined {
    if (this.next >= this.total) return undefined;
    const k = this.next;
    // Bounded: each pass moves to a later segment.
    while (this.segmentIndex < this.segments.length) {
      const segment = this.segments[this.segmentIndex]!;
      const inSegment = segmentIterations(segment);
      const offset = k - this.before;
      if (offset < inSegment - 1e-9 || this.segmentIndex === this.segments.length - 1) {
        return Math.min(segment.startMs + solveOffsetMs(segment, offset), this.durationMs);
      }
      this.before += inSegment;
      this.segmentIndex += 1;
    }
    return undefined;
  }

  /** Consumes the iteration {@link peek} returned. */
  advance(): void {
    this.next += 1;
  }
}

/** Milliseconds into `segment` at which `offset` iterations have been scheduled. */
function solveOffsetMs(segment: RateSegment, offset: number): number {
  if (offset <= 0) return 0;
  // N(τ) = a τ + b τ² / 2 with τ in ms; solve N(τ) = offset in the form that stays stable for
  // rising, flat and falling rates.
  const a = segment.fromRate / 1000;
  const b =
    segment.durationMs > 0 ? (segment.toRate - segment.fromRate) / 1000 / segment.durationMs : 0;
  const discriminant = Math.max(0, a * a + 2 * b * offset);
  const denominator = a + Math.sqrt(discriminant);
  if (denominator <= 0) return segment.durationMs;
  return Math.min(segment.durationMs, (2 * offset) / denominator);
}
