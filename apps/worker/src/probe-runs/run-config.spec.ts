import { sealConfig } from '@shakedown/db';

import { readRunConfig } from './run-config';

const APP_SECRET = 'worker-unit-app-secret-0123456789';
const org = { maxRps: 50, maxRequests: 20_000, maxBytes: 500_000_000, maxDurationMs: 600_000 };
const document = {
  version: 1,
  target: {
    name: 'sealed',
    baseUrl: 'http://127.0.0.1:4010',
    tenants: { alice: { headers: { Authorization: 'Bearer the-real-token-of-alice' } } },
  },
  routes: [{ id: 'list', method: 'GET', path: '/items' }],
};

describe('the config a run sends its requests with', () => {
  it('opens the sealed secrets, and caps the budget by the organisation', () => {
    const read = readRunConfig({ ...sealConfig(document, APP_SECRET), org }, APP_SECRET);
    expect(read.ok && read.config.target.tenants?.alice?.headers.Authorization).toBe(
      'Bearer the-real-token-of-alice',
    );
    expect(read.ok && read.config.target.budget.maxRps).toBe(50);
    expect(read.ok && read.notes).toEqual([
      "budget maxRps 200 is above the organisation's limit; using 50",
    ]);
  });

  it('reads a snapshot stored in clear as it is', () => {
    const read = readRunConfig({ config: document, secretsCiphertext: null, org }, APP_SECRET);
    expect(read.ok && read.config.target.tenants?.alice?.headers.Authorization).toBe(
      'Bearer the-real-token-of-alice',
    );
  });

  it('gives the reason to fail the run for another APP_SECRET or an invalid config', () => {
    const elsewhere = sealConfig(document, 'another-deployments-secret-0123456789');
    expect(readRunConfig({ ...elsewhere, org }, APP_SECRET)).toEqual({
      ok: false,
      reason:
        "Not run: the config's secrets cannot be decrypted with this deployment's APP_SECRET " +
        '(was APP_SECRET changed since they were stored?).',
    });
    const invalid = sealConfig({ ...document, routes: [] }, APP_SECRET);
    expect(readRunConfig({ ...invalid, org }, APP_SECRET)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The run's config is not valid: routes/) as unknown,
    });
  });
});
