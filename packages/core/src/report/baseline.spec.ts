import { buildReport } from '../../test/factories/report.factory';
import { applyBaseline, findingFingerprint, gatingFindings, withFingerprints } from './baseline';
import { writeJunitReport } from './junit';
import type { Finding, Report } from './report.schema';
import { buildSarifLog } from './sarif';
import { renderTextReport } from './text';

const current = buildReport();
const [parallel, unknownField, stackTrace] = current.findings as [Finding, Finding, Finding];

/** The previous run: the parallel-retry finding and one since fixed, with other titles and ids. */
function previousRun(): Report {
  return buildReport({
    startedAt: '2026-11-27T08:00:00.000Z',
    findings: [
      { ...parallel, title: 'Parallel retries created 5 orders', detail: 'ids 7, 8, 9, 10, 11' },
      { ...stackTrace, route: 'get-order', title: 'A stack trace on get-order' },
    ],
  });
}

describe('finding fingerprints', () => {
  it('are 16 hex digits from target, route and code, whatever the title, detail or evidence', () => {
    const fingerprint = findingFingerprint('orders-api', parallel);
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const reworded = { ...parallel, title: 'other', detail: 'other', evidence: { exchanges: [] } };
    expect(findingFingerprint('orders-api', reworded)).toBe(fingerprint);
    expect(findingFingerprint('orders-api', parallel)).toBe(fingerprint);
  });

  it('differ when the target, the route, the code or the occurrence differs', () => {
    const fingerprints = new Set([
      findingFingerprint('orders-api', parallel),
      findingFingerprint('billing-api', parallel),
      findingFingerprint('orders-api', { ...parallel, route: 'list-orders' }),
      findingFingerprint('orders-api', { ...parallel, code: 'idempotency.duplicate_on_retry' }),
      findingFingerprint('orders-api', parallel, 2),
      // No concatenation collisions: the parts are separated.
      findingFingerprint('orders-ap', { ...parallel, route: 'icreate-order' }),
    ]);
    expect(fingerprints.size).toBe(6);
  });

  it('are set on every finding, keeping one that is there and counting repeats', () => {
    const twice = withFingerprints(buildReport({ findings: [parallel, parallel, unknownField] }));
    const [first, second, third] = twice.findings.map((finding) => finding.fingerprint);
    expect(first).toBe(findingFingerprint(current.target, parallel));
    expect(second).toBe(findingFingerprint(current.target, parallel, 2));
    expect(third).toBe(findingFingerprint(current.target, unknownField));
    const kept = withFingerprints(buildReport({ findings: [{ ...parallel, fingerprint: 'abc' }] }));
    expect(kept.findings[0]?.fingerprint).toBe('abc');
  });
});

describe('applyBaseline', () => {
  const compared = applyBaseline(current, previousRun(), 'previous.json');

  it('marks findings new or unchanged and lists the baseline findings that are gone', () => {
    expect(compared.findings.map((finding) => [finding.code, finding.baselineState])).toEqual([
      ['idempotency.duplicate_on_parallel_retry', 'unchanged'],
      ['schema.unknown_field_persisted', 'new'],
      ['errors.stack_trace_leak', 'new'],
    ]);
    expect(compared.baseline).toEqual({
      source: 'previous.json',
      new: 2,
      unchanged: 1,
      fixed: 1,
      fixedFindings: [
        {
          fingerprint: findingFingerprint(current.target, { ...stackTrace, route: 'get-order' }),
          code: 'errors.stack_trace_leak',
          route: 'get-order',
          severity: stackTrace.severity,
          title: 'A stack trace on get-order',
        },
      ],
    });
  });

  it('against itself: nothing new, nothing fixed', () => {
    const same = applyBaseline(current, current, 'same.json');
    expect(same.baseline).toMatchObject({ new: 0, unchanged: 3, fixed: 0 });
    expect(gatingFindings(same, 'info')).toEqual([]);
  });

  it('gates on new findings only once a baseline is applied', () => {
    expect(gatingFindings(current, 'info')).toHaveLength(3);
    expect(gatingFindings(compared, 'info').map((finding) => finding.code)).toEqual([
      'schema.unknown_field_persisted',
      'errors.stack_trace_leak',
    ]);
  });

  it('is marked in SARIF: baselineState and the fingerprint among partialFingerprints', () => {
    const run = buildSarifLog(compared).runs[0]!;
    expect(run.results.map((result) => result.baselineState)).toEqual(['unchanged', 'new', 'new']);
    expect(run.results[1]?.partialFingerprints['shakedownFingerprint/v1']).toBe(
      findingFingerprint(current.target, unknownField),
    );
    expect(run.properties.baseline).toEqual(compared.baseline);
    expect(buildSarifLog(current).runs[0]!.results[0]).not.toHaveProperty('baselineState');
  });

  it('is marked in JUnit test names: new, still present, fixed', () => {
    const xml = writeJunitReport(
      applyBaseline(
        current,
        buildReport({ findings: [parallel, { ...parallel, code: 'schema.malformed_json_5xx' }] }),
        'b.json',
      ),
    );
    expect(xml).toContain(
      'name="idempotency.duplicate_on_parallel_retry [create-order] (still present)"',
    );
    expect(xml).toContain('name="schema.unknown_field_persisted [create-order] (new)"');
    expect(xml).toContain('name="schema.malformed_json_5xx [create-order] (fixed)"');
    expect(writeJunitReport(current)).not.toMatch(/\((new|fixed|still present)\)"/);
  });

  it('is marked in the text report, whose verdict counts new findings only', () => {
    const text = renderTextReport(compared, { failOn: 'critical' });
    expect(text).toContain('[still present] Parallel retries with one Idempotency-Key');
    expect(text).toContain('Baseline (previous.json): 2 new, 1 still present, 1 fixed');
    expect(text).toContain('Fixed since the baseline:');
    expect(text).toContain('A stack trace on get-order');
    expect(text).toContain('PASS: no new finding at or above critical');
    expect(renderTextReport(compared, { failOn: 'high' })).toContain(
      'FAIL: 1 new finding at or above high',
    );
  });
});
