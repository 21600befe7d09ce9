import { DEMO_OPENAPI_DOCUMENT, DEMO_TENANTS, type DemoApiOptions } from '@shakedown/demo-api';

import { runProbes } from '../probes';
import { CONSTRAINT } from '../probes/schema/constraint-violation.check';
import type { Report } from '../report/report.schema';
import { configOfYaml, draft } from '../../test/openapi/draft-helpers';
import { startDemo, stopDemo } from '../../test/targets/demo-target';
import { checkOf, findingOf } from '../../test/targets/run-probe';

/**
 * The product's main path on the demo: its own document imported, the two tokens supplied, the
 * schema probe run. The demo enforces what its document declares unless its
 * `schema.constraint_violation_persisted` defect is switched on.
 */
async function importDemoAndRun(options: DemoApiOptions): Promise<Report> {
  const demo = await startDemo(options);
  try {
    const result = await draft(JSON.stringify(DEMO_OPENAPI_DOCUMENT), {
      baseUrl: demo.config.target.baseUrl,
    });
    const [envA, envB] = result.env;
    const env = { [envA!]: DEMO_TENANTS.alice, [envB!]: DEMO_TENANTS.bob };
    return await runProbes(configOfYaml(result, env), { include: ['schema'] });
  } finally {
    await stopDemo(demo.server);
  }
}

describe('the demo imported from its own document: the constraint check on the main path', () => {
  it('finds the stored out-of-range values when the demo has the defect', async () => {
    const report = await importDemoAndRun({
      extraDefects: ['schema.constraint_violation_persisted'],
    });
    expect(findingOf(report, CONSTRAINT, 'createNote').evidence.constraints).toEqual([
      { field: 'title', constraint: 'maxLength: 200' },
      // An empty title, stored: leaving the title out is refused, so "" is no default.
      { field: 'title', constraint: 'minLength: 1' },
      { field: 'priority', constraint: 'minimum: 0' },
      { field: 'priority', constraint: 'maximum: 5' },
    ]);
  });

  it('passes the demo that enforces its document', async () => {
    const report = await importDemoAndRun({});
    expect(checkOf(report, CONSTRAINT, 'createNote').status).toBe('passed');
    expect(report.findings.filter((finding) => finding.code === CONSTRAINT)).toEqual([]);
  });
});
