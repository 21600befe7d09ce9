import type { Finding } from '@shakedown/core/report';

import { toRunResults } from './run-results.mapper';

const finding: Finding & { isNew: boolean } = {
  code: 'tenant.cross_read',
  probe: 'tenant',
  route: 'GET /orders/{id}',
  severity: 'critical',
  title: 'Org B read org A’s order',
  detail: 'seen',
  evidence: { exchanges: [], extra: undefined },
  isNew: true,
};

describe('the rows a completed run stores', () => {
  it('names each check’s probe from the catalogue, else from its code', () => {
    const { checks } = toRunResults({
      checks: [
        { code: 'tenant.cross_read', route: 'r', status: 'failed' },
        { code: 'custom.thing', route: 'r', status: 'skipped', reason: 'no sample' },
      ],
      findings: [],
      load: undefined,
      regressionCount: null,
    });
    expect(checks).toEqual([
      { code: 'tenant.cross_read', probe: 'tenant', route: 'r', status: 'failed' },
      { code: 'custom.thing', probe: 'custom', route: 'r', status: 'skipped', reason: 'no sample' },
    ]);
  });

  it('ranks findings by severity, keeps whether they are new, and stores plain JSON evidence', () => {
    const results = toRunResults({
      checks: [{ code: finding.code, route: finding.route, status: 'failed' }],
      findings: [finding],
      load: undefined,
      regressionCount: 1,
    });
    expect(results.findings).toEqual([
      {
        code: 'tenant.cross_read',
        probe: 'tenant',
        route: 'GET /orders/{id}',
        severity: 'critical',
        severityRank: 0,
        title: 'Org B read org A’s order',
        detail: 'seen',
        evidence: { exchanges: [] },
        isNew: true,
      },
    ]);
    expect(results.regressionCount).toBe(1);
    expect(results.load).toBeUndefined();
    expect(results.summary).toMatchObject({ checks: 1, failed: 1, bySeverity: { critical: 1 } });
  });
});
