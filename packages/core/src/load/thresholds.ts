import {
  THRESHOLD_EXPRESSION,
  type Load,
  type Threshold,
  type ThresholdMetric,
} from '../config/config.schema';
import type { ThresholdResult } from '../report/report.schema';
import {
  percentileMs,
  summariseLatency,
  type LatencyHistogram,
  type LatencySummary,
} from './latency-histogram';

export type ThresholdAggregate =
  { kind: 'p'; percentile: number } | { kind: 'avg' | 'med' | 'min' | 'max' | 'rate' };

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface ParsedThreshold {
  metric: ThresholdMetric;
  expr: string;
  aggregate: ThresholdAggregate;
  operator: ThresholdOperator;
  bound: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

/** What thresholds are evaluated against: the cumulative metrics of the stage so far. */
export interface ThresholdInputs {
  /** Requests answered or failed at the transport level. */
  requests: number;
  failedRate: number;
  /** Milliseconds; `percentile` reads any p(N) from the histogram. */
  latency: LatencySummary;
  percentile(p: number): number;
}

/** The load config's thresholds in evaluation order (duration first, as written). */
/** What thresholds are evaluated against, from a histogram and counts. */
export function thresholdInputs(
  histogram: LatencyHistogram,
  requests: number,
  failed: number,
): ThresholdInputs {
  return {
    requests,
    failedRate: requests === 0 ? 0 : failed / requests,
    latency: summariseLatency(histogram),
    percentile: (p: number) => percentileMs(histogram, p),
  };
}

export function parseThresholds(load: Load): ParsedThreshold[] {
  const parsed: ParsedThreshold[] = [];
  const groups: [ThresholdMetric, Threshold[] | undefined][] = [
    ['http_req_duration', load.thresholds.http_req_duration],
    ['http_req_failed', load.thresholds.http_req_failed],
  ];
  for (const [metric, list] of groups) {
    for (const threshold of list ?? []) {
      parsed.push(parseThreshold(metric, threshold));
    }
  }
  return parsed;
}

function parseThreshold(metric: ThresholdMetric, threshold: Threshold): ParsedThreshold {
  const match = THRESHOLD_EXPRESSION.exec(threshold.threshold);
  if (!match) throw new Error(`not a k6 threshold: ${threshold.threshold}`);
  const [, aggregateText = '', percentileText, operatorText = '<', boundText = '0'] = match;
  const aggregate: ThresholdAggregate = aggregateText.startsWith('p(')
    ? { kind: 'p', percentile: Number(percentileText) }
    : { kind: aggregateText as 'avg' | 'med' | 'min' | 'max' | 'rate' };
  return {
    metric,
    expr: threshold.threshold.replace(/\s+/g, ''),
    aggregate,
    operator: operatorText as ThresholdOperator,
    bound: Number(boundText),
    abortOnFail: threshold.abortOnFail,
    delayAbortEvalMs: threshold.delayAbortEvalMs,
  };
}

/** The metric's value for the threshold's aggregate (milliseconds, or a 0–1 rate). */
function thresholdValue(threshold: ParsedThreshold, inputs: ThresholdInputs): number {
  const { aggregate } = threshold;
  switch (aggregate.kind) {
    case 'p':
      return inputs.percentile(aggregate.percentile);
    case 'avg':
      return inputs.latency.avg;
    case 'med':
      return inputs.latency.p50;
    case 'min':
      return inputs.latency.min;
    case 'max':
      return inputs.latency.max;
    case 'rate':
      return inputs.failedRate;
  }
}

export function compare(value: number, operator: ThresholdOperator, bound: number): boolean {
  switch (operator) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '==':
      return value === bound;
    case '!=':
      return value !== bound;
  }
}

/**
 * One threshold's verdict. With no request at all there is nothing to judge: the threshold is
 * reported as not holding (the checks become `error`, see load-verdict).
 */
export function evaluateThreshold(
  threshold: ParsedThreshold,
  inputs: ThresholdInputs,
): ThresholdResult {
  const value = inputs.requests === 0 ? 0 : thresholdValue(threshold, inputs);
  return {
    metric: threshold.metric,
    expr: threshold.expr,
    ok: inputs.requests > 0 && compare(value, threshold.operator, threshold.bound),
    value,
  };
}

/**
 * Why the stage must stop now: the first `abortOnFail` threshold past its `delayAbortEval` that
 * fails on `inputs`, or undefined.
 */
export function abortReason(
  thresholds: readonly ParsedThreshold[],
  inputs: ThresholdInputs,
  elapsedMs: number,
): string | undefined {
  for (const threshold of thresholds) {
    if (!threshold.abortOnFail || elapsedMs < threshold.delayAbortEvalMs) continue;
    const result = evaluateThreshold(threshold, inputs);
    if (!result.ok) {
      return `threshold ${threshold.metric} ${threshold.expr} failed (value ${result.value}) and has abortOnFail`;
    }
  }
  return undefined;
}
