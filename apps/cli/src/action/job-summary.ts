import { severityRank, type Severity } from '@shakedown/core/findings';
import {
  gatingFindings,
  renderBaselineLine,
  renderSummaryLine,
  type Report,
} from '@shakedown/core/report';

/**
 * The job summary of the GitHub Action (GITHUB_STEP_SUMMARY): the verdict, the counts, and a
 * Markdown table of the findings, worst first, with their baseline state when there is one.
 */
export function renderJobSummary(report: Report, failOn: Severity, reportFile: string): string {
  const gating = gatingFindings(report, failOn).length;
  const which = report.baseline ? 'new finding' : 'finding';
  const verdict =
    gating === 0
      ? `**PASS**: no ${which} at or above ${failOn}`
      : `**FAIL**: ${gating} ${which}${gating === 1 ? '' : 's'} at or above ${failOn}`;
  const lines = [
    `### Shakedown · ${cell(report.target)}`,
    '',
    verdict,
    '',
    renderSummaryLine(report),
  ];
  if (report.baseline) lines.push('', renderBaselineLine(report.baseline));
  lines.push('');
  if (report.findings.length === 0) {
    lines.push('No findings.');
  } else {
    const withState = report.baseline !== undefined;
    lines.push(
      `| Severity | Code | Route | Title |${withState ? ' Baseline |' : ''}`,
      `| --- | --- | --- | --- |${withState ? ' --- |' : ''}`,
    );
    for (const finding of sortedFindings(report)) {
      const state = finding.baselineState === 'unchanged' ? 'still present' : 'new';
      lines.push(
        `| ${finding.severity} | \`${finding.code}\` | ${cell(finding.route)} | ${cell(finding.title)} |${withState ? ` ${state} |` : ''}`,
      );
    }
  }
  const fixed = report.baseline?.fixedFindings ?? [];
  if (fixed.length > 0) {
    lines.push('', '**Fixed since the baseline:**', '');
    for (const finding of fixed) {
      lines.push(`- ${finding.severity} \`${finding.code}\` on ${cell(finding.route)}`);
    }
  }
  lines.push('', `Report: \`${reportFile}\``, '');
  return lines.join('\n');
}

function sortedFindings(report: Report) {
  return [...report.findings].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.route.localeCompare(b.route),
  );
}

/** Text safe inside a Markdown table cell: one line, pipes and markup escaped. */
function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\\|*_`<>[\]]/g, (char) => `\\${char}`)
    .trim();
}
