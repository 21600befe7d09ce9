import { parseConfigDocument } from '@shakedown/core/config';
import { runProbes } from '@shakedown/core/probes';

import { useTestApi } from '../test/use-test-api';
import { adminKeysOfNewOrgs } from '../test/world';

/**
 * "Our own API must pass every check Shakedown sells": Shakedown's probe engine pointed at
 * the API, with two organisations as the tenants, must find nothing.
 */
describe('Shakedown against its own API', () => {
  const live = useTestApi({
    RATE_LIMIT_PRINCIPAL_PER_MINUTE: '150',
    RATE_LIMIT_ORG_PER_MINUTE: '100000',
  });

  it('finds nothing: idempotency, schema, payload, rate limits, tenant isolation and error hygiene all pass', async () => {
    const keys = await adminKeysOfNewOrgs(live.api, ['alice', 'bob']);
    const parsed = parseConfigDocument({
      version: 1,
      target: {
        name: 'shakedown-api',
        baseUrl: live.api.baseUrl,
        tenants: {
          alice: { headers: { Authorization: `Bearer ${keys[0]}` } },
          bob: { headers: { Authorization: `Bearer ${keys[1]}` } },
        },
      },
      routes: [
        {
          id: 'create-webhook',
          method: 'POST',
          path: '/webhooks',
          body: {
            url: 'http://127.0.0.1:9/hooks',
            description: 'created by a probe',
            events: ['run.completed'],
          },
          maxBodyBytes: '64KB',
          resource: {
            idPath: '/endpoint/id',
            read: { method: 'GET', path: '/webhooks/{id}' },
            update: {
              method: 'PATCH',
              path: '/webhooks/{id}',
              body: { description: 'changed by a probe' },
            },
            delete: { method: 'DELETE', path: '/webhooks/{id}' },
            list: { method: 'GET', path: '/webhooks', itemsPath: '/items' },
          },
        },
        {
          id: 'list-targets',
          method: 'GET',
          path: '/targets',
          rateLimit: { expected: true, burst: 300 },
        },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const report = await runProbes(parsed.config);
    const failed = report.checks.filter(
      (check) => check.status === 'failed' || check.status === 'error',
    );
    expect({
      failed,
      findings: report.findings.map((finding) => `${finding.code}: ${finding.title}`),
    }).toEqual({
      failed: [],
      findings: [],
    });
    const passed = new Set(
      report.checks.filter((check) => check.status === 'passed').map((check) => check.code),
    );
    for (const code of [
      'idempotency.duplicate_on_retry',
      'idempotency.duplicate_on_parallel_retry',
      'idempotency.key_reuse_accepted',
      'idempotency.cross_tenant_replay',
      'schema.unknown_field_persisted',
      'schema.deep_nesting_accepted',
      'schema.malformed_json_5xx',
      'payload.oversize_accepted',
      'ratelimit.missing',
      'ratelimit.spoofable_ip',
      'ratelimit.ip_only',
      'tenant.cross_read',
      'tenant.cross_write',
      'tenant.cross_delete',
      'tenant.list_leak',
      'auth.missing',
      'errors.stack_trace_leak',
    ]) {
      expect({ code, passed: passed.has(code) }).toEqual({ code, passed: true });
    }
  }, 240_000);
});
