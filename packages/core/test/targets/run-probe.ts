import type { ProbeName } from '../../src/config/config.schema';
import { runProbes, type RunProbesOptions } from '../../src/probes/engine';
import type { Check, Exchange, Finding, Report } from '../../src/report/report.schema';
import type { ConfigInput } from '../../src/config/config.schema';
import { configFor } from './start-target';

/** Runs `include` of the engine against a config (as the CLI would) and returns the report. */
export function runSuite(
  input: ConfigInput,
  include?: ProbeName[],
  options: RunProbesOptions = {},
): Promise<Report> {
  return runProbes(configFor(input), { ...(include ? { include } : {}), ...options });
}

export function checkOf(report: Report, code: string, route = 'create-note'): Check {
  const check = report.checks.find(
    (candidate) => candidate.code === code && candidate.route === route,
  );
  if (!check)
    throw new Error(
      `no check ${code} on ${route}; checks: ${report.checks.map((c) => `${c.route}/${c.code}`).join(', ')}`,
    );
  return check;
}

export function statusOf(report: Report, code: string, route = 'create-note'): string {
  return checkOf(report, code, route).status;
}

export function findingOf(report: Report, code: string, route = 'create-note'): Finding {
  const finding = report.findings.find(
    (candidate) => candidate.code === code && candidate.route === route,
  );
  if (!finding) {
    const check = checkOf(report, code, route);
    throw new Error(
      `no finding ${code} on ${route}: the check is ${check.status}${check.reason ? ` (${check.reason})` : ''}`,
    );
  }
  return finding;
}

/** `code@route` of every finding, sorted: what a test compares against the expected defects. */
export function findingKeys(report: Report): string[] {
  return report.findings.map((finding) => `${finding.code}@${finding.route}`).sort();
}

/** Every status of the checks of `codes` on `route`, for compact expectations. */
export function statuses(
  report: Report,
  codes: readonly string[],
  route = 'create-note',
): Record<string, string> {
  return Object.fromEntries(codes.map((code) => [code, statusOf(report, code, route)]));
}

/** The same status for every code: `{ code: 'passed', … }`. */
export function everyStatus(codes: readonly string[], status: string): Record<string, string> {
  return Object.fromEntries(codes.map((code) => [code, status]));
}

/** The statuses of a run where `failing` is the only check of `codes` that failed. */
export function onlyFailing(codes: readonly string[], failing: string): Record<string, string> {
  return { ...everyStatus(codes, 'passed'), [failing]: 'failed' };
}

/** The `id` of a JSON answer preview in evidence. */
export function answerId(exchange: Exchange): unknown {
  const preview = exchange.response?.bodyPreview;
  if (preview === undefined) return undefined;
  return (JSON.parse(preview) as { id?: unknown }).id;
}
