import type { EarlierDecision } from '@shakedown/core/report';

import { markNewFindings } from './regressions';

describe('regressions between runs of a target', () => {
  const finding = (route: string, code: string) => ({ route, code, title: `${code} on ${route}` });
  const failed = (route: string, code: string) => ({ route, code, status: 'failed' });
  const earlier = (
    route: string,
    code: string,
    status: 'passed' | 'failed',
  ): EarlierDecision<unknown> => ({
    route,
    code,
    status,
    finding: status === 'failed' ? {} : null,
  });

  it('marks as new only the findings whose check passed at its latest earlier decision', () => {
    const history = [
      earlier('orders', 'ratelimit.missing', 'failed'),
      earlier('orders', 'tenant.cross_read', 'passed'),
    ];
    const current = [
      finding('orders', 'ratelimit.missing'),
      finding('orders', 'tenant.cross_read'),
      finding('items', 'ratelimit.missing'),
    ];
    const marked = markNewFindings(
      current.map((f) => failed(f.route, f.code)),
      current,
      history,
    );
    expect(marked.findings.map((row) => [row.route, row.code, row.isNew])).toEqual([
      ['orders', 'ratelimit.missing', false],
      ['orders', 'tenant.cross_read', true],
      ['items', 'ratelimit.missing', false],
    ]);
    expect(marked.regressionCount).toBe(1);
  });

  it('fires no regression after a partial run that did not re-test the findings', () => {
    // Full run found it; a partial run (errors only) did not execute it; the next full run
    // finds it again: the latest decision is still the full run's "failed".
    const history = [earlier('orders', 'idempotency.duplicate_on_retry', 'failed')];
    const current = [finding('orders', 'idempotency.duplicate_on_retry')];
    const marked = markNewFindings(
      [failed('orders', 'idempotency.duplicate_on_retry')],
      current,
      history,
    );
    expect(marked.regressionCount).toBe(0);
  });

  it('finds no regression when nothing new fails, resolved findings included', () => {
    const marked = markNewFindings([], [], [earlier('orders', 'auth.missing', 'failed')]);
    expect(marked).toEqual({ findings: [], regressionCount: 0 });
  });

  it('has no baseline on a target’s first completed run', () => {
    const marked = markNewFindings(
      [failed('orders', 'auth.missing')],
      [finding('orders', 'auth.missing')],
      null,
    );
    expect(marked.findings[0]!.isNew).toBe(false);
    expect(marked.regressionCount).toBeNull();
  });
});
