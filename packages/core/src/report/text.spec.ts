import { buildReport } from '../../test/factories/report.factory';
import { renderProgressBar, renderProgressLine, renderSummaryLine, renderTextReport } from './text';

// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC
const ANSI = /\u001b\[[0-9;]*m/;

describe('the text renderer', () => {
  const report = buildReport();

  it('draws a progress bar with the count and the probe', () => {
    expect(renderProgressBar({ done: 12, total: 24, probe: 'idempotency' }, { width: 10 })).toBe(
      '[#####-----] 12/24 idempotency',
    );
    expect(renderProgressBar({ done: 0, total: 0, probe: 'schema' }, { width: 4 })).toBe(
      '[----] 0/0 schema',
    );
    expect(renderProgressBar({ done: 31, total: 31, probe: 'load' }, { width: 4 })).toBe(
      '[####] 31/31 load',
    );
  });

  it('writes one plain line per finished check for logs', () => {
    expect(
      renderProgressLine(
        { done: 5, total: 9, probe: 'tenant' },
        { code: 'tenant.cross_read', route: 'orders', status: 'skipped', reason: 'one tenant' },
      ),
    ).toBe('[5/9] tenant.cross_read [orders] skipped (one tenant)');
    expect(renderProgressLine({ done: 0, total: 9, probe: 'tenant' })).toBe('[0/9] tenant');
  });

  it('ends with a findings table, worst first, and the summary', () => {
    const text = renderTextReport(report, { failOn: 'high' });
    expect(ANSI.test(text)).toBe(false);
    const lines = text.split('\n');
    const header = lines.findIndex((line) => line.startsWith('SEVERITY'));
    expect(lines[header]).toMatch(/^SEVERITY +CODE +ROUTE +TITLE$/);
    expect(lines[header + 1]).toMatch(
      /^critical +idempotency\.duplicate_on_parallel_retry +create-order +Parallel retries/,
    );
    expect(lines[header + 2]).toMatch(
      /^high +schema\.unknown_field_persisted +create-order +Unknown/,
    );
    expect(lines[header + 3]).toMatch(/^medium +errors\.stack_trace_leak +list-orders +A 500/);
    expect(text).toContain('orders-api · 9 checks in 41.5 s');
    expect(text).toContain(
      'payload.oversize_accepted [upload <files> & "docs"]: run budget exhausted',
    );
    expect(text).toContain('2 checks: only one tenant configured');
    expect(text).toContain('Load (constant-arrival-rate): 6000 requests, 199.8 req/s');
    expect(text).toContain('http_req_duration p(95)<300: ok (6.20)');
    expect(text).toContain(
      '9 checks: 3 passed, 3 failed, 2 skipped, 1 error · findings: 1 critical, 1 high, 1 medium',
    );
    expect(text.trimEnd().endsWith('FAIL: 2 findings at or above high')).toBe(true);
  });

  it('lists the finding that took the target down first, before any other critical one', () => {
    const [first] = report.findings;
    const down = {
      ...first!,
      code: 'availability.broken_by_request',
      route: 'z-last-route',
      title: 'The target stopped working',
    };
    const text = renderTextReport(buildReport({ findings: [...report.findings, down] }), {
      failOn: 'high',
    });
    const lines = text.split('\n');
    const header = lines.findIndex((line) => line.startsWith('SEVERITY'));
    expect(lines[header + 1]).toMatch(/^critical +availability\.broken_by_request +z-last-route/);
    expect(lines[header + 2]).toMatch(/^critical +idempotency\.duplicate_on_parallel_retry/);
  });

  it('says PASS when nothing reaches --fail-on, and "No findings." for a clean run', () => {
    expect(renderTextReport(report, { failOn: 'critical' })).toContain(
      'FAIL: 1 finding at or above critical',
    );
    const clean = buildReport({
      findings: [],
      checks: [{ code: 'x.y', route: 'r', status: 'passed' }],
    });
    const text = renderTextReport(clean, { failOn: 'info' });
    expect(text).toContain('No findings.');
    expect(text).toContain('PASS: no finding at or above info');
    expect(renderSummaryLine(clean)).toBe(
      '1 check: 1 passed, 0 failed, 0 skipped, 0 errors · findings: none · clean (100% of 1 checks decided)',
    );
  });

  it('calls a run that decided too little inconclusive, with the grouped reasons', () => {
    const unauthorised = buildReport({
      findings: [],
      checks: [
        { code: 'x.y', route: 'r', status: 'passed' },
        { code: 'x.z', route: 'r', status: 'skipped', reason: 'the first request answered 401' },
        { code: 'x.z', route: 's', status: 'skipped', reason: 'the list answered 401' },
      ],
    });
    expect(renderSummaryLine(unauthorised).split('\n')).toEqual([
      '3 checks: 1 passed, 0 failed, 2 skipped, 0 errors · findings: none · inconclusive (33% of 3 checks decided)',
      '  2 checks: the target answered 401 — check the credentials',
    ]);
    expect(renderTextReport(unauthorised)).not.toContain('No findings.');
  });

  it('counts the checks a cancelled run left, instead of listing each', () => {
    const cancelled = buildReport({
      checks: Array.from({ length: 5 }, (_, index) => ({
        code: 'tenant.cross_read',
        route: `route-${index}`,
        status: 'error' as const,
        reason: 'cancelled',
      })),
      findings: [],
    });
    const text = renderTextReport(cancelled);
    expect(text).toContain('  5 checks: cancelled');
    expect(text).not.toContain('route-0');
  });

  it("adds the load stage's extras when present", () => {
    const base = buildReport();
    const text = renderTextReport({
      ...base,
      load: {
        ...base.load!,
        droppedIterations: 12,
        abortedReason: 'maxDuration of the run budget reached',
        notes: ['the budget capped the rate at 100/s'],
      },
    });
    expect(text).toContain('  12 iterations dropped');
    expect(text).toContain('  stopped early: maxDuration of the run budget reached');
    expect(text).toContain('  the budget capped the rate at 100/s');
  });

  it('colours only when asked', () => {
    expect(ANSI.test(renderTextReport(report, { color: true }))).toBe(true);
    expect(ANSI.test(renderProgressBar({ done: 1, total: 2, probe: 'p' }, { color: true }))).toBe(
      true,
    );
    expect(ANSI.test(renderTextReport(report, { color: false }))).toBe(false);
  });

  it('cuts long titles to the terminal width', () => {
    const text = renderTextReport(report, { columns: 100 });
    for (const line of text.split('\n').filter((l) => /^(critical|high|medium) /.test(l))) {
      expect(line.length).toBeLessThanOrEqual(100);
    }
    expect(text).toContain('…');
  });
});
