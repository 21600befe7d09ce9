import { applyBaseline, summarise, type Finding, type Report } from '@shakedown/core/report';

import { renderJobSummary } from './job-summary';

function finding(code: string, severity: Finding['severity'], title: string): Finding {
  return {
    code,
    probe: 'schema',
    route: 'create-note',
    severity,
    title,
    detail: '',
    evidence: { exchanges: [] },
  };
}

function reportOf(findings: Finding[]): Report {
  return {
    version: 1,
    target: 'demo-api',
    startedAt: '2026-12-01T00:00:00.000Z',
    finishedAt: '2026-12-01T00:00:01.000Z',
    summary: summarise([], findings),
    checks: [],
    findings,
  };
}

describe('the job summary', () => {
  const medium = finding(
    'schema.wrong_type_accepted',
    'medium',
    'Took a | pipe and *stars*\nover lines',
  );
  const critical = finding('tenant.cross_read', 'critical', 'Bob read Alice');

  it('has the verdict and a table of findings, worst first, safe for Markdown', () => {
    const text = renderJobSummary(reportOf([medium, critical]), 'high', 'shakedown.sarif');
    expect(text).toContain('**FAIL**: 1 finding at or above high');
    const rows = text.split('\n').filter((line) => /^\| (critical|medium) /.test(line));
    expect(rows).toEqual([
      '| critical | `tenant.cross_read` | create-note | Bob read Alice |',
      '| medium | `schema.wrong_type_accepted` | create-note | Took a \\| pipe and \\*stars\\* over lines |',
    ]);
    expect(text).toContain('Report: `shakedown.sarif`');
  });

  it('with a baseline: a state column, new findings only in the verdict, the fixed ones listed', () => {
    const gone = finding('errors.stack_trace_leak', 'medium', 'A stack trace');
    const compared = applyBaseline(
      reportOf([medium, critical]),
      reportOf([critical, gone]),
      'b.json',
    );
    const text = renderJobSummary(compared, 'high', 'r.json');
    expect(text).toContain('**PASS**: no new finding at or above high');
    expect(text).toContain(
      '| critical | `tenant.cross_read` | create-note | Bob read Alice | still present |',
    );
    expect(text).toContain('Baseline (b.json): 1 new, 1 still present, 1 fixed');
    expect(text).toContain('- medium `errors.stack_trace_leak` on create-note');
  });

  it('says so when there is nothing to show', () => {
    expect(renderJobSummary(reportOf([]), 'high', 'r.json')).toContain('No findings.');
  });
});
