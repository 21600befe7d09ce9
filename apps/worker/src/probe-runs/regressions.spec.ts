import { markNewFindings } from './regressions';

describe('regressions between runs of a target', () => {
  const finding = (route: string, code: string) => ({ route, code, title: `${code} on ${route}` });

  it('marks the findings the previous completed run did not have as new', () => {
    const previous = [finding('orders', 'ratelimit.missing'), finding('orders', 'auth.missing')];
    const current = [
      finding('orders', 'ratelimit.missing'),
      finding('orders', 'tenant.cross_read'),
      finding('items', 'ratelimit.missing'),
    ];
    const marked = markNewFindings(current, previous);
    expect(marked.findings.map((row) => [row.route, row.code, row.isNew])).toEqual([
      ['orders', 'ratelimit.missing', false],
      ['orders', 'tenant.cross_read', true],
      ['items', 'ratelimit.missing', true],
    ]);
    expect(marked.regressionCount).toBe(2);
  });

  it('finds no regression when nothing new fails, resolved findings included', () => {
    const marked = markNewFindings([], [finding('orders', 'auth.missing')]);
    expect(marked).toEqual({ findings: [], regressionCount: 0 });
  });

  it('has no baseline on a target’s first completed run', () => {
    const marked = markNewFindings([finding('orders', 'auth.missing')], null);
    expect(marked.findings[0]!.isNew).toBe(false);
    expect(marked.regressionCount).toBeNull();
  });
});
