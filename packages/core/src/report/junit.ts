import { PROBE_NAMES } from '../config/config.schema';
import { CATALOGUE, isFindingCode } from '../findings/catalogue';
import { baselineLabel } from './baseline';
import { summariseEvidence } from './evidence-summary';
import type { Check, Finding, Report } from './report.schema';
import { escapeXmlText, xmlAttributes } from './xml';

/**
 * JUnit XML, so CI systems list every check as a test: one `<testsuite>` per probe, one
 * `<testcase>` per check (classname = probe, name = `code [route]`). Failed checks carry their
 * finding as `<failure>`, skipped ones `<skipped message=reason>`, errored ones `<error>`. With a
 * baseline, the names of failed checks end ` (new)` or ` (still present)`, and those of passed
 * checks whose finding the baseline had ` (fixed)`.
 */
export function writeJunitReport(report: Report): string {
  const suites = groupByProbe(report.checks);
  const seconds = durationSeconds(report);
  const totals = countStatuses(report.checks);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttributes({
      name: `shakedown ${report.target}`,
      tests: totals.tests,
      failures: totals.failures,
      errors: totals.errors,
      skipped: totals.skipped,
      time: seconds,
      timestamp: junitTimestamp(report.startedAt),
    })}>`,
  ];
  suites.forEach(([probe, checks], index) => {
    const counts = countStatuses(checks);
    lines.push(
      `  <testsuite${xmlAttributes({
        name: probe,
        id: index,
        package: report.target,
        tests: counts.tests,
        failures: counts.failures,
        errors: counts.errors,
        skipped: counts.skipped,
        // Checks carry no duration of their own; the run's wall time goes on the root.
        time: 0,
        timestamp: junitTimestamp(report.startedAt),
      })}>`,
      '    <properties>',
      `      <property${xmlAttributes({ name: 'target', value: report.target })}/>`,
      '    </properties>',
    );
    for (const check of checks) lines.push(...testcase(check, probe, report));
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** The probe a check belongs to: from the catalogue, else the code's prefix (`errors.x` → `errors`). */
export function probeOfCheck(check: Pick<Check, 'code'>): string {
  if (isFindingCode(check.code)) return CATALOGUE[check.code].probe;
  return check.code.split('.')[0] ?? check.code;
}

function testcase(check: Check, probe: string, report: Report): string[] {
  const findings = report.findings;
  const name = `${check.code} [${check.route}]${baselineSuffix(check, report)}`;
  const open = `    <testcase${xmlAttributes({ classname: probe, name })}`;
  switch (check.status) {
    case 'passed':
      return [`${open}/>`];
    case 'skipped':
      return [
        `${open}>`,
        `      <skipped${xmlAttributes({ message: check.reason })}/>`,
        '    </testcase>',
      ];
    case 'error':
      return [
        `${open}>`,
        `      <error${xmlAttributes({ message: check.reason ?? 'the check could not complete', type: 'error' })}/>`,
        '    </testcase>',
      ];
    case 'failed': {
      const matching = findings.filter(
        (finding) => finding.code === check.code && finding.route === check.route,
      );
      const message =
        matching.map((finding) => finding.title).join('; ') || check.reason || 'check failed';
      const severity = matching[0]?.severity;
      return [
        `${open}>`,
        `      <failure${xmlAttributes({ message, type: severity ? `${check.code} (${severity})` : check.code })}>${escapeXmlText(failureText(check, matching))}</failure>`,
        '    </testcase>',
      ];
    }
  }
}

/** ` (new)`, ` (still present)` or ` (fixed)` when the report was compared with a baseline. */
function baselineSuffix(check: Check, report: Report): string {
  if (!report.baseline) return '';
  const sameCheck = (finding: Pick<Finding, 'code' | 'route'>) =>
    finding.code === check.code && finding.route === check.route;
  if (check.status === 'failed') {
    const finding = report.findings.find(sameCheck);
    return finding?.baselineState ? ` (${baselineLabel(finding.baselineState)})` : '';
  }
  const fixed = check.status === 'passed' && report.baseline.fixedFindings.some(sameCheck);
  return fixed ? ` (${baselineLabel('fixed')})` : '';
}

function failureText(check: Check, findings: readonly Finding[]): string {
  const parts: string[] = [];
  for (const finding of findings) {
    parts.push(`[${finding.severity}] ${finding.title}`, finding.detail);
    const evidence = summariseEvidence(finding.evidence);
    if (evidence.length === 0) parts.push('Evidence: none recorded');
    else parts.push('Evidence:', ...evidence.map((line) => `  ${line}`));
  }
  if (findings.length === 0 && check.reason) parts.push(check.reason);
  if (isFindingCode(check.code)) {
    const entry = CATALOGUE[check.code];
    parts.push(`Why: ${entry.why}`, `Fix: ${entry.fix}`);
  }
  return parts.join('\n');
}

function groupByProbe(checks: readonly Check[]): [string, Check[]][] {
  const groups = new Map<string, Check[]>();
  for (const probe of PROBE_NAMES) groups.set(probe, []);
  for (const check of checks) {
    const probe = probeOfCheck(check);
    const group = groups.get(probe);
    if (group) group.push(check);
    else groups.set(probe, [check]);
  }
  return [...groups].filter(([, group]) => group.length > 0);
}

function countStatuses(checks: readonly Check[]) {
  return {
    tests: checks.length,
    failures: checks.filter((check) => check.status === 'failed').length,
    errors: checks.filter((check) => check.status === 'error').length,
    skipped: checks.filter((check) => check.status === 'skipped').length,
  };
}

function durationSeconds(report: Report): number {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) / 1000 : 0;
}

/** JUnit's schema wants `YYYY-MM-DDTHH:MM:SS` (no fraction or zone); the report's times are UTC. */
function junitTimestamp(iso: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(iso);
  return match?.[1];
}
