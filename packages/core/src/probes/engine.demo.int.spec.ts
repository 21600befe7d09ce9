import { DEFAULT_DEFECTS, EXTRA_DEFECTS } from '@shakedown/demo-api';

import { summarise, type Report } from '../report/report.schema';
import { startDemo, stopDemo } from '../../test/targets/demo-target';
import { findingKeys } from '../../test/targets/run-probe';
import { runProbes } from './engine';

const AVAILABILITY = 'availability.broken_by_request';

/** Where each of the demo's defects shows up (examples/demo.yml's routes). */
const ROUTE_OF: Record<string, string> = {
  'ratelimit.spoofable_ip': 'list-notes',
  'ratelimit.no_retry_after': 'list-notes',
  'ratelimit.ip_only': 'list-notes',
  'auth.missing': 'list-notes',
};
const at = (code: string) => `${code}@${ROUTE_OF[code] ?? 'create-note'}`;

/** What every report must satisfy, whatever the target. */
function expectConsistent(report: Report) {
  expect(report.summary).toEqual(summarise(report.checks, report.findings));
  for (const finding of report.findings) {
    expect(report.checks).toContainEqual({
      code: finding.code,
      route: finding.route,
      status: 'failed',
    });
    expect(finding.evidence.exchanges.length).toBeGreaterThan(0);
  }
  expect(report.checks.filter((check) => check.status === 'failed')).toHaveLength(
    report.findings.length,
  );
  expect(report.checks.filter((check) => check.status === 'error')).toEqual([]);
}

describe('runProbes against the bundled demo API', () => {
  it('reports exactly the demo’s deliberate defects, and nothing else', async () => {
    const { server, config } = await startDemo();
    try {
      const report = await runProbes(config);
      expect(findingKeys(report)).toEqual(DEFAULT_DEFECTS.map(at).sort());
      expectConsistent(report);
      // Three routes, every code of the six probes on each (load is not in the default suite).
      expect(report.checks).toHaveLength(3 * 24);
      expect(report.load).toBeUndefined();
      // The tenants' tokens never appear in the report.
      const text = JSON.stringify(report);
      expect(text).not.toContain('demo-token-alice');
      expect(text).not.toContain('demo-token-bob');
      expect(text).toContain('Bearer ****lice');
    } finally {
      await stopDemo(server);
    }
  });

  it('reports nothing once the defaults are switched off', async () => {
    const { server, config } = await startDemo({ withoutDefects: [...DEFAULT_DEFECTS] });
    try {
      const report = await runProbes(config);
      expect(findingKeys(report)).toEqual([]);
      expectConsistent(report);
    } finally {
      await stopDemo(server);
    }
  });

  it('reports a deep body that breaks the demo first; the checks after it are error', async () => {
    const { server, config } = await startDemo({ extraDefects: [AVAILABILITY] });
    try {
      const report = await runProbes(config);
      expect(report.findings[0]).toMatchObject({ code: AVAILABILITY, route: 'create-note' });
      expect(report.findings[0]!.evidence.recovered).toBe(true);
      // What ran before the deep body still found the defaults it reaches.
      expect(findingKeys(report)).toEqual(
        [
          AVAILABILITY,
          ...DEFAULT_DEFECTS.filter((code) => /^(idempotency|schema|errors)\./.test(code)),
        ]
          .map(at)
          .sort(),
      );
      const errors = report.checks.filter((check) => check.status === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const check of errors) {
        expect(check.reason).toMatch(/^the target stopped answering after POST \/notes/);
      }
      expect(report.checks.filter((check) => check.code.startsWith('payload.'))).toEqual(
        expect.arrayContaining([expect.objectContaining({ status: 'error' })]),
      );
    } finally {
      await stopDemo(server);
    }
  });

  it.each(EXTRA_DEFECTS.filter((defect) => defect !== AVAILABILITY).map((defect) => [defect]))(
    'reports %s in addition when it is switched on',
    async (defect) => {
      const { server, config } = await startDemo({ extraDefects: [defect] });
      try {
        const report = await runProbes(config);
        expect(findingKeys(report)).toEqual([...DEFAULT_DEFECTS, defect].map(at).sort());
        expectConsistent(report);
      } finally {
        await stopDemo(server);
      }
    },
  );
});
