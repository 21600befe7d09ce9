import { summaryBeforeVerdicts } from './testing/summaries';
import { decideVerdict, describeReason, groupReason, verdictOfSummary } from './verdict';

const many = (count: number, status: 'passed' | 'failed' | 'skipped' | 'error', reason?: string) =>
  Array.from({ length: count }, () => ({ status, ...(reason ? { reason } : {}) }));

describe('decideVerdict', () => {
  it('calls a run whose checks mostly answered 401 inconclusive, with the reason grouped', () => {
    const checks = [
      ...many(18, 'passed'),
      ...many(60, 'skipped', 'the first request answered 401, so there was no key to reuse'),
      ...many(40, 'skipped', 'the read-back GET /orders/7 answered 401'),
      ...many(8, 'skipped', 'none of the 8 parallel requests was accepted (401 ×8)'),
    ];
    const verdict = decideVerdict(checks, 0);
    expect(verdict.outcome).toBe('inconclusive');
    expect(verdict).toMatchObject({ decided: 18, planned: 126, cleanAt: 0.7 });
    expect(verdict.reasons).toEqual([
      { reason: 'the target answered 401', count: 108, hint: 'check the credentials' },
    ]);
    expect(describeReason(verdict.reasons[0]!)).toBe(
      '108 checks: the target answered 401 — check the credentials',
    );
  });

  it('is clean only at or above the configured coverage', () => {
    const checks = [...many(7, 'passed'), ...many(3, 'skipped', 'only one tenant configured')];
    expect(decideVerdict(checks, 0).outcome).toBe('clean');
    expect(decideVerdict(checks, 0, 0.8).outcome).toBe('inconclusive');
  });

  it('says findings whatever the coverage, and inconclusive when nothing was planned', () => {
    expect(decideVerdict([...many(1, 'failed'), ...many(9, 'error', 'boom')], 1).outcome).toBe(
      'findings',
    );
    expect(decideVerdict([], 0)).toMatchObject({ outcome: 'inconclusive', coverage: 0 });
  });

  it('keeps the three largest groups, largest first', () => {
    const checks = [
      ...many(1, 'skipped', 'a'),
      ...many(4, 'skipped', 'got no answer (connection refused)'),
      ...many(2, 'error', 'answered 503'),
      ...many(1, 'skipped', 'none was accepted (401 ×2, 503 ×6)'),
      ...many(3, 'skipped', 'b'),
    ];
    expect(decideVerdict(checks, 0).reasons.map((group) => [group.reason, group.count])).toEqual([
      ['the target gave no answer', 4],
      ['b', 3],
      ['the target answered 503', 2],
    ]);
  });
});

describe('groupReason', () => {
  it('keeps reasons it cannot generalise, cut to a readable length', () => {
    expect(groupReason('only one tenant configured')).toEqual({
      reason: 'only one tenant configured',
    });
    expect(groupReason('x'.repeat(200)).reason).toHaveLength(118);
  });
});

describe('verdictOfSummary', () => {
  it('rebuilds the verdict of a summary stored before verdicts', () => {
    expect(verdictOfSummary(summaryBeforeVerdicts())).toMatchObject({
      outcome: 'inconclusive',
      coverage: 0.2,
    });
  });
});

describe('checks the config makes not applicable', () => {
  it('are left out of the coverage and of the reasons', () => {
    const checks = [
      ...many(25, 'passed'),
      ...Array.from({ length: 38 }, () => ({
        status: 'skipped' as const,
        reason: 'the route has no sample body',
        notApplicable: true as const,
      })),
    ];
    expect(decideVerdict(checks, 0)).toMatchObject({
      outcome: 'clean',
      decided: 25,
      planned: 25,
      notApplicable: 38,
      coverage: 1,
      reasons: [],
    });
  });
});
