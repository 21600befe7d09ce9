import { leadRank, severityRank, type Severity } from '../findings/catalogue';
import { baselineLabel, gatingFindings, renderBaselineLine } from './baseline';
import type { Check, CheckStatus, Finding, Report } from './report.schema';
import { describeReason, describeVerdict, verdictOfSummary, type Outcome } from './verdict';

/**
 * The `text` format: a progress bar while probes run and a findings table at the end. Pure
 * string rendering: the caller decides where it goes and whether colour is on (a terminal
 * without NO_COLOR).
 */
export interface TextOptions {
  color?: boolean;
  /** Terminal width: long titles are cut to fit. Unset: nothing is cut. */
  columns?: number;
  /** Adds the verdict line for `--fail-on`. */
  failOn?: Severity;
}

export interface ProgressState {
  done: number;
  total: number;
  probe: string;
}

const ESC = '\u001b[';
const STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;
type Style = keyof typeof STYLES;

function paint(text: string, color: boolean | undefined, ...styles: Style[]): string {
  if (!color || text === '') return text;
  return styles.reduce(
    (painted, style) => `${ESC}${STYLES[style][0]}m${painted}${ESC}${STYLES[style][1]}m`,
    text,
  );
}

const SEVERITY_STYLES: Record<Severity, Style[]> = {
  critical: ['bold', 'magenta'],
  high: ['red'],
  medium: ['yellow'],
  low: ['cyan'],
  info: ['dim'],
};

const OUTCOME_STYLES: Record<Outcome, Style[]> = {
  findings: ['red'],
  clean: ['green'],
  inconclusive: ['yellow'],
};

const STATUS_STYLES: Record<CheckStatus, Style[]> = {
  passed: ['green'],
  failed: ['red'],
  skipped: ['dim'],
  error: ['yellow'],
};

/** `[#####-----] 12/31 idempotency`: one line, redrawn in place on a terminal. */
export function renderProgressBar(
  progress: ProgressState,
  options: { width?: number; color?: boolean } = {},
): string {
  const width = options.width ?? 20;
  const ratio = progress.total > 0 ? Math.min(1, Math.max(0, progress.done / progress.total)) : 0;
  const filled = Math.round(ratio * width);
  const bar = `${paint('#'.repeat(filled), options.color, 'green')}${'-'.repeat(width - filled)}`;
  return `[${bar}] ${progress.done}/${progress.total} ${progress.probe}`;
}

/** One plain line per finished check, for logs that are not a terminal. */
export function renderProgressLine(
  progress: ProgressState,
  check?: Pick<Check, 'code' | 'route' | 'status' | 'reason'>,
  options: { color?: boolean } = {},
): string {
  const counter = `[${progress.done}/${progress.total}]`;
  if (!check) return `${counter} ${progress.probe}`;
  const status = paint(check.status, options.color, ...STATUS_STYLES[check.status]);
  const reason = check.reason && check.status !== 'passed' ? ` (${check.reason})` : '';
  return `${counter} ${check.code} [${check.route}] ${status}${reason}`;
}

export function renderTextReport(report: Report, options: TextOptions = {}): string {
  const { color } = options;
  const lines: string[] = [];
  const seconds = durationText(report);
  lines.push(
    `${paint('Shakedown', color, 'bold')} · ${report.target} · ${report.summary.checks} checks${seconds}`,
    '',
  );

  if (report.findings.length === 0) {
    const clean = verdictOfSummary(report.summary).outcome === 'clean';
    lines.push(
      clean
        ? paint('No findings.', color, 'green')
        : paint('No findings, but too few checks were decided to call it clean.', color, 'yellow'),
    );
  } else {
    lines.push(...findingsTable(report.findings, options));
  }

  const errored = groupByReason(report.checks, 'error');
  if (errored.length > 0) {
    lines.push('', paint('Checks that could not complete:', color, 'yellow'));
    for (const [reason, checks] of errored) {
      // A cancelled or stopped run leaves many checks with one reason: count them instead.
      const which =
        checks.length <= 3
          ? checks.map((check) => `${check.code} [${check.route}]`).join(', ')
          : `${checks.length} checks`;
      lines.push(`  ${which}: ${reason}`);
    }
  }

  const skipped = groupByReason(report.checks, 'skipped');
  if (skipped.length > 0) {
    lines.push('', 'Skipped:');
    for (const [reason, checks] of skipped) {
      lines.push(`  ${checks.length} check${checks.length === 1 ? '' : 's'}: ${reason}`);
    }
  }

  if (report.baseline && report.baseline.fixed > 0) {
    lines.push('', paint('Fixed since the baseline:', color, 'green'));
    for (const fixed of report.baseline.fixedFindings) {
      lines.push(`  ${fixed.severity}  ${fixed.code}  ${fixed.route}  ${oneLine(fixed.title)}`);
    }
  }

  if (report.load) lines.push('', ...loadLines(report, color));

  lines.push('', renderSummaryLine(report, { color }));
  if (report.baseline) lines.push(renderBaselineLine(report.baseline));
  if (options.failOn) lines.push(verdictLine(report, options.failOn, color));
  return `${lines.join('\n')}\n`;
}

/** `31 checks: 25 passed, 4 failed, 2 skipped, 0 errors · findings: 1 critical, 2 high` */
export function renderSummaryLine(report: Report, options: { color?: boolean } = {}): string {
  const { summary } = report;
  const checks =
    `${summary.checks} check${summary.checks === 1 ? '' : 's'}: ` +
    [
      paint(`${summary.passed} passed`, options.color && summary.passed > 0, 'green'),
      paint(`${summary.failed} failed`, options.color && summary.failed > 0, 'red'),
      `${summary.skipped} skipped`,
      paint(
        `${summary.error} error${summary.error === 1 ? '' : 's'}`,
        options.color && summary.error > 0,
        'yellow',
      ),
    ].join(', ');
  const bySeverity = (Object.entries(summary.bySeverity) as [Severity, number][])
    .filter(([, count]) => count > 0)
    .map(([severity, count]) =>
      paint(`${count} ${severity}`, options.color, ...SEVERITY_STYLES[severity]),
    );
  const findings = bySeverity.length > 0 ? bySeverity.join(', ') : 'none';
  const verdict = verdictOfSummary(summary);
  const outcome = paint(
    describeVerdict(verdict),
    options.color,
    ...OUTCOME_STYLES[verdict.outcome],
  );
  const lines = [`${checks} · findings: ${findings} · ${outcome}`];
  if (verdict.outcome === 'inconclusive') {
    for (const group of verdict.reasons) lines.push(`  ${describeReason(group)}`);
  }
  return lines.join('\n');
}

function verdictLine(report: Report, failOn: Severity, color: boolean | undefined): string {
  const failing = gatingFindings(report, failOn).length;
  const which = report.baseline ? 'new finding' : 'finding';
  if (failing === 0) return paint(`PASS: no ${which} at or above ${failOn}`, color, 'green');
  return paint(
    `FAIL: ${failing} ${which}${failing === 1 ? '' : 's'} at or above ${failOn}`,
    color,
    'bold',
    'red',
  );
}

function findingsTable(findings: readonly Finding[], options: TextOptions): string[] {
  const sorted = [...findings].sort(
    (a, b) =>
      leadRank(a.code) - leadRank(b.code) ||
      severityRank(a.severity) - severityRank(b.severity) ||
      a.route.localeCompare(b.route) ||
      a.code.localeCompare(b.code),
  );
  const header = { severity: 'SEVERITY', code: 'CODE', route: 'ROUTE', title: 'TITLE' };
  // With a baseline, each title starts with the finding's state: `[new]`, `[still present]`.
  const titleOf = (finding: Finding) =>
    `${finding.baselineState ? `[${baselineLabel(finding.baselineState)}] ` : ''}${oneLine(finding.title)}`;
  const widths = {
    severity: Math.max(header.severity.length, ...sorted.map((f) => f.severity.length)),
    code: Math.max(header.code.length, ...sorted.map((f) => f.code.length)),
    route: Math.max(header.route.length, ...sorted.map((f) => f.route.length)),
  };
  const titleWidth =
    options.columns === undefined
      ? undefined
      : Math.max(20, options.columns - widths.severity - widths.code - widths.route - 6);
  const row = (severity: string, code: string, route: string, title: string, styles: Style[]) =>
    [
      paint(severity.padEnd(widths.severity), options.color, ...styles),
      code.padEnd(widths.code),
      route.padEnd(widths.route),
      titleWidth === undefined ? title : cut(title, titleWidth),
    ].join('  ');
  return [
    paint(row(header.severity, header.code, header.route, header.title, []), options.color, 'bold'),
    ...sorted.map((finding) =>
      row(
        finding.severity,
        finding.code,
        finding.route,
        titleOf(finding),
        SEVERITY_STYLES[finding.severity],
      ),
    ),
  ];
}

function loadLines(report: Report, color: boolean | undefined): string[] {
  const load = report.load;
  if (!load) return [];
  const latency = load.latencyMs;
  const lines = [
    `Load (${load.executor}): ${load.requests} requests, ${round(load.rps)} req/s, ` +
      `p50 ${round(latency.p50)} ms, p95 ${round(latency.p95)} ms, p99 ${round(latency.p99)} ms, ` +
      `${round(load.failedRate * 100)}% failed`,
  ];
  if (load.droppedIterations) lines.push(`  ${load.droppedIterations} iterations dropped`);
  if (load.abortedReason)
    lines.push(paint(`  stopped early: ${load.abortedReason}`, color, 'yellow'));
  for (const note of load.notes ?? []) lines.push(`  ${note}`);
  for (const threshold of load.thresholds) {
    const verdict = threshold.ok ? paint('ok', color, 'green') : paint('failed', color, 'red');
    lines.push(`  ${threshold.metric} ${threshold.expr}: ${verdict} (${round(threshold.value)})`);
  }
  return lines;
}

function groupByReason(checks: readonly Check[], status: CheckStatus): [string, Check[]][] {
  const groups = new Map<string, Check[]>();
  for (const check of checks) {
    if (check.status !== status) continue;
    const reason = check.reason ?? 'no reason given';
    groups.set(reason, [...(groups.get(reason) ?? []), check]);
  }
  return [...groups];
}

function durationText(report: Report): string {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ` in ${(ms / 1000).toFixed(1)} s`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}
