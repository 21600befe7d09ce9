import { parseConfigText, type Config } from '@shakedown/core/config';
import { importOpenApi } from '@shakedown/core/openapi';
import { runProbes } from '@shakedown/core/probes';
import type { Check, Report } from '@shakedown/core/report';

import { anonymous, call } from '../../test/client';
import { useTestApi } from '../../test/use-test-api';
import { adminKeysOfNewOrgs } from '../../test/world';

/** The run's numbers; "decided" and "applies" are the report's own verdict (docs/spec/config.md). */
function summarise(report: Report) {
  const count = (status: Check['status']) =>
    report.checks.filter((check) => check.status === status).length;
  const verdict = report.summary.verdict;
  if (!verdict) throw new Error('the report has no verdict');
  return {
    total: report.checks.length,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    errors: count('error'),
    notApplicable: verdict.notApplicable,
    decidedOfAll: verdict.decided / report.checks.length,
    coverage: verdict.coverage,
    outcome: verdict.outcome,
  };
}

/**
 * Issue 11's "done when": Shakedown's own `/api/docs.json` → the import (`shakedown init`'s
 * function) → two organisations' API keys through `${ENV}` → a run, with nothing else edited.
 */
describe("importing Shakedown's own OpenAPI document", () => {
  // One scanner from one address does what many users would, so the limits are raised enough
  // for the run to decide its checks: the constraint check alone signs up about 20 times from
  // 127.0.0.1 (limited per address and hour), the payload checks need a few more, and the
  // rate-limit burst must still reach the limit (20 left the payload checks a 429, 200 left the
  // burst short of it).
  const live = useTestApi({
    RATE_LIMIT_PRINCIPAL_PER_MINUTE: '150',
    RATE_LIMIT_ORG_PER_MINUTE: '100000',
    RATE_LIMIT_SIGN_UP_PER_HOUR: '50',
  });

  it('drafts a config whose run finds nothing, errs nowhere and decides the checks that apply', async () => {
    const keys = await adminKeysOfNewOrgs(live.api, ['alice', 'bob']);
    const document = await call(live.api, anonymous, 'GET', '/api/docs.json');
    expect(document.status).toBe(200);
    const draft = await importOpenApi(document.text, { baseUrl: live.api.baseUrl });
    if (!draft.ok) throw new Error(JSON.stringify(draft.issues));
    // The only edit: the two API keys, through the ${ENV} names the draft asks for.
    const scheme = draft.securitySchemes.find((candidate) => candidate.usedByTenants);
    expect(scheme?.description).toBe('http bearer');
    const [envA, envB] = scheme!.env!;
    expect(draft.env).toEqual([envA, envB]);
    const parsed = parseConfigText(draft.yaml, { env: { [envA]: keys[0]!, [envB]: keys[1]! } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));

    // Targets, webhooks, API keys and invitations: each a resource the run creates, reads
    // (item route, else its list) and deletes.
    const resourceOf = (path: string): Config['routes'][number]['resource'] =>
      parsed.config.routes.find((route) => route.method === 'POST' && route.path === path)
        ?.resource;
    const resources = Object.fromEntries(
      ['/targets', '/webhooks', '/api-keys', '/invitations'].map((path) => {
        const resource = resourceOf(path);
        return [
          path,
          [
            resource?.read ? 'read' : undefined,
            resource?.list ? 'list' : undefined,
            resource?.update ? 'update' : undefined,
            resource?.delete ? 'delete' : undefined,
          ].filter(Boolean),
        ];
      }),
    );
    process.stdout.write(`resources: ${JSON.stringify(resources)}\n`);
    for (const [path, roles] of Object.entries(resources)) {
      expect({ path, delete: roles.includes('delete') }).toEqual({ path, delete: true });
      expect({ path, read: roles.includes('read') || roles.includes('list') }).toEqual({
        path,
        read: true,
      });
    }

    const report = await runProbes(parsed.config);
    const numbers = summarise(report);
    process.stdout.write(
      `${draft.source.operations} operations → ${parsed.config.routes.length} routes ` +
        `(${draft.leftOut.length} operations left out); ${numbers.total} checks: ` +
        `${numbers.passed} passed, ${numbers.failed} failed, ${numbers.skipped} skipped ` +
        `(${numbers.notApplicable} not applicable to the route), ${numbers.errors} errors; ` +
        `decided ${(100 * numbers.decidedOfAll).toFixed(1)}% of all checks, ` +
        `${(100 * numbers.coverage).toFixed(1)}% of those that apply (the verdict's coverage: ` +
        `${numbers.outcome}); ${report.findings.length} findings\n`,
    );
    process.stdout.write(
      `undecided checks that apply:\n${report.checks
        .filter(
          (check) =>
            check.status !== 'passed' && check.status !== 'failed' && check.notApplicable !== true,
        )
        .map((check) => `  ${check.route} ${check.code}: ${check.reason ?? ''}`)
        .join('\n')}\n`,
    );
    expect(report.findings.map((finding) => `${finding.code} ${finding.route}`)).toEqual([]);
    expect(numbers.errors).toBe(0);
    expect(numbers.coverage).toBeGreaterThanOrEqual(0.7);
    expect(numbers.outcome).toBe('clean');
  }, 600_000);
});
