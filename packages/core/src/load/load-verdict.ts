import type { Load } from '../config/config.schema';
import { catalogueEntry, type FindingCode } from '../findings/catalogue';
import type {
  Check,
  Exchange,
  Finding,
  LoadReport,
  ThresholdResult,
} from '../report/report.schema';
import { decodeHistogram, summariseLatency } from './latency-histogram';
import type { LoadShardResult, LoadStageResult } from './load-result.schema';
import { toSeriesPoint } from './load-series';
import { evaluateThreshold, parseThresholds, thresholdInputs } from './thresholds';

/** More than this share of 5xx and transport errors is `load.server_errors`. */
const SERVER_ERROR_RATE = 0.01;

const THRESHOLD_CODE: FindingCode = 'load.threshold_failed';
const SERVER_ERRORS_CODE: FindingCode = 'load.server_errors';

/** The report section, checks and findings of a stage, from what it measured. */
export function judgeLoadStage(raw: LoadShardResult, load: Load): LoadStageResult {
  const histogram = decodeHistogram(raw.histogram);
  const failed = raw.serverErrors + raw.transportErrors;
  const inputs = thresholdInputs(histogram, raw.requests, failed);
  const latency = summariseLatency(histogram);
  const thresholds = parseThresholds(load).map((threshold) => {
    const result = evaluateThreshold(threshold, inputs);
    return { ...result, value: roundValue(result.value) };
  });
  const seconds = raw.durationMs / 1000;
  const report: LoadReport = {
    executor: raw.executor,
    requests: raw.requests,
    rps: seconds > 0 ? Math.round((raw.requests / seconds) * 10) / 10 : 0,
    latencyMs: {
      p50: latency.p50,
      p90: latency.p90,
      p95: latency.p95,
      p99: latency.p99,
      max: latency.max,
    },
    failedRate: roundValue(inputs.failedRate),
    statusCounts: raw.statusCounts,
    series: raw.series.map(toSeriesPoint),
    thresholds,
    droppedIterations: raw.droppedIterations,
    ...(raw.abortedReason !== undefined ? { abortedReason: raw.abortedReason } : {}),
    transportErrors: raw.transportErrors,
    bytes: { sent: raw.bytesSent, received: raw.bytesReceived },
    ...(raw.notes.length > 0 ? { notes: raw.notes } : {}),
  };

  const checks: Check[] = [];
  const findings: Finding[] = [];
  const route = raw.route;
  const stopped = raw.abortedReason ? ` The stage stopped early: ${raw.abortedReason}.` : '';
  if (raw.requests === 0) {
    const reason = raw.abortedReason ?? 'no load request completed';
    checks.push({ code: THRESHOLD_CODE, route, status: 'error', reason });
    checks.push({ code: SERVER_ERRORS_CODE, route, status: 'error', reason });
    return result(report, checks, findings, raw);
  }
  const withReason = raw.abortedReason
    ? { reason: `the stage stopped early: ${raw.abortedReason}` }
    : {};
  const metrics = {
    requests: raw.requests,
    rps: report.rps,
    latencyMs: report.latencyMs,
    failedRate: report.failedRate,
    statusCounts: raw.statusCounts,
    transportErrors: raw.transportErrors,
    droppedIterations: raw.droppedIterations,
  };

  if (thresholds.length === 0) {
    checks.push({
      code: THRESHOLD_CODE,
      route,
      status: 'skipped',
      reason: 'no thresholds configured',
    });
  } else {
    const failing = thresholds.filter((threshold) => !threshold.ok);
    checks.push({
      code: THRESHOLD_CODE,
      route,
      status: failing.length > 0 ? 'failed' : 'passed',
      ...withReason,
    });
    if (failing.length > 0) {
      const entry = catalogueEntry(THRESHOLD_CODE);
      const listed = failing.map(describeThreshold).join(', ');
      findings.push({
        code: THRESHOLD_CODE,
        probe: 'load',
        route,
        severity: entry.severity,
        title: `${failing.length} of ${thresholds.length} load thresholds failed: ${listed}`,
        detail:
          `Under ${describeLoad(raw, report)}, ${listed}. p50 ${latency.p50} ms, p95 ${latency.p95} ms, ` +
          `p99 ${latency.p99} ms, failed rate ${percent(report.failedRate)}.${stopped}`,
        evidence: {
          exchanges: thresholdEvidence(failing, raw),
          thresholds: failing,
          metrics,
        },
      });
    }
  }

  const isFailing = inputs.failedRate > SERVER_ERROR_RATE;
  checks.push({
    code: SERVER_ERRORS_CODE,
    route,
    status: isFailing ? 'failed' : 'passed',
    ...withReason,
  });
  if (isFailing) {
    const entry = catalogueEntry(SERVER_ERRORS_CODE);
    findings.push({
      code: SERVER_ERRORS_CODE,
      probe: 'load',
      route,
      severity: entry.severity,
      title: `${percent(inputs.failedRate)} of ${raw.requests} load requests failed (5xx or no answer)`,
      detail:
        `Under ${describeLoad(raw, report)}, ${raw.serverErrors} requests answered 5xx and ` +
        `${raw.transportErrors} got no answer (refused, reset or timed out): more than ` +
        `${percent(SERVER_ERROR_RATE)}.${stopped}`,
      evidence: { exchanges: raw.samples.errors, metrics },
    });
  }
  return result(report, checks, findings, raw);
}

function result(
  report: LoadReport,
  checks: Check[],
  findings: Finding[],
  raw: LoadShardResult,
): LoadStageResult {
  return {
    report,
    checks,
    findings,
    droppedIterations: raw.droppedIterations,
    ...(raw.abortedReason !== undefined ? { abortedReason: raw.abortedReason } : {}),
    histogram: raw.histogram,
    raw,
  };
}

/** Duration thresholds are shown with the slowest answers, rate thresholds with the errors. */
function thresholdEvidence(failing: ThresholdResult[], raw: LoadShardResult): Exchange[] {
  const exchanges: Exchange[] = [];
  if (failing.some((threshold) => threshold.metric === 'http_req_duration')) {
    exchanges.push(...raw.samples.slowest);
  }
  if (failing.some((threshold) => threshold.metric === 'http_req_failed')) {
    exchanges.push(...raw.samples.errors);
  }
  return exchanges;
}

function describeThreshold(threshold: ThresholdResult): string {
  const value =
    threshold.metric === 'http_req_failed' ? percent(threshold.value) : `${threshold.value} ms`;
  return `${threshold.metric} ${threshold.expr} (was ${value})`;
}

function describeLoad(raw: LoadShardResult, report: LoadReport): string {
  return `${raw.executor} load on ${raw.route} (${raw.requests} requests over ${
    Math.round(raw.durationMs / 100) / 10
  } s, ${report.rps} req/s)`;
}

function percent(rate: number): string {
  return `${Math.round(rate * 10000) / 100}%`;
}

function roundValue(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
