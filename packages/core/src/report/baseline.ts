import { isAtLeast, type Severity } from '../findings/catalogue';
import type { BaselineSummary, FixedFinding, Finding, Report } from './report.schema';

/**
 * Fingerprints and baselines: which findings of a run are new, which were in a previous report
 * already, and which of the previous report's are gone. Pure: no clock, no file, no Node API
 * (the dashboard bundles this subpath).
 */

export type BaselineState = NonNullable<Finding['baselineState']>;

const FINGERPRINT_VERSION = 'v1';
const FNV_OFFSET = BigInt('0xcbf29ce484222325');
const FNV_PRIME = BigInt('0x100000001b3');
const MASK_64 = BigInt('0xffffffffffffffff');

/**
 * A finding's stable identity across runs: a 64-bit FNV-1a hash (16 hex digits) of the target,
 * the route id and the finding code. The engine settles at most one finding per code and
 * route, so those are all that tell two findings apart; titles, details and evidence carry ids,
 * timings and random probe values, so they are left out. `occurrence` (2, 3, …) separates
 * findings that share all three, which a report from elsewhere could hold.
 */
export function findingFingerprint(
  target: string,
  finding: Pick<Finding, 'route' | 'code'>,
  occurrence = 1,
): string {
  const parts = [FINGERPRINT_VERSION, target, finding.route, finding.code];
  if (occurrence > 1) parts.push(String(occurrence));
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(parts.join('\u0000'))) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The report with every finding's `fingerprint` set (kept when one is there already). */
export function withFingerprints(report: Report): Report {
  const seen = new Map<string, number>();
  return {
    ...report,
    findings: report.findings.map((finding) => {
      const key = `${finding.route}\u0000${finding.code}`;
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      return {
        ...finding,
        fingerprint: finding.fingerprint ?? findingFingerprint(report.target, finding, occurrence),
      };
    }),
  };
}

/**
 * Marks each finding of `report` `new` or `unchanged` against `baseline` (matched by
 * fingerprint) and adds the `baseline` block: counts and the baseline's findings that are gone.
 */
export function applyBaseline(report: Report, baseline: Report, source: string): Report {
  const current = withFingerprints(report);
  const previous = withFingerprints(baseline).findings;
  const before = new Set(previous.map((finding) => finding.fingerprint));
  const now = new Set(current.findings.map((finding) => finding.fingerprint));
  const findings = current.findings.map((finding): Finding => ({
    ...finding,
    baselineState: before.has(finding.fingerprint) ? 'unchanged' : 'new',
  }));
  const fixedFindings: FixedFinding[] = previous
    .filter((finding) => !now.has(finding.fingerprint))
    .map((finding) => ({
      fingerprint: finding.fingerprint ?? '',
      code: finding.code,
      route: finding.route,
      severity: finding.severity,
      title: finding.title,
    }));
  const summary: BaselineSummary = {
    source,
    new: findings.filter((finding) => finding.baselineState === 'new').length,
    unchanged: findings.filter((finding) => finding.baselineState === 'unchanged').length,
    fixed: fixedFindings.length,
    fixedFindings,
  };
  return { ...current, findings, baseline: summary };
}

/**
 * The findings that decide the exit code: at or above `failOn` and, when the report was compared
 * with a baseline, not in it.
 */
export function gatingFindings(report: Report, failOn: Severity): Finding[] {
  return report.findings.filter(
    (finding) =>
      isAtLeast(finding.severity, failOn) &&
      (report.baseline === undefined || finding.baselineState !== 'unchanged'),
  );
}

/** `Baseline (previous.json): 1 new, 4 still present, 0 fixed` */
export function renderBaselineLine(summary: BaselineSummary): string {
  return `Baseline (${summary.source}): ${summary.new} new, ${summary.unchanged} still present, ${summary.fixed} fixed`;
}

/** The label of a baseline state in the text and JUnit reports. */
export function baselineLabel(state: BaselineState | 'fixed'): string {
  return state === 'unchanged' ? 'still present' : state;
}
