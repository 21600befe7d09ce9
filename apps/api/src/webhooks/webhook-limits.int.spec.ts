import type { Db } from '@shakedown/db';

import { call, errorOf, signUp, signUpWithOrg, type SessionCaller } from '../../test/client';
import { startTestApi, type TestApi } from '../../test/harness';
import { openDb } from '../../test/world';

const TESTS_PER_HOUR = 3;
const ENDPOINTS = 3;
const KEYS = 2;
const ORGS = 2;

/** The API's side of the abuse model (docs/security.md "Abuse model"). */
describe('limits on what one account can make the workers do', () => {
  let api: TestApi;
  let db: Db;

  beforeAll(async () => {
    api = await startTestApi({
      WEBHOOK_TESTS_PER_ENDPOINT_PER_HOUR: String(TESTS_PER_HOUR),
      WEBHOOK_ENDPOINTS_PER_ORG: String(ENDPOINTS),
      API_KEYS_PER_ORG: String(KEYS),
      ORGS_PER_ACCOUNT: String(ORGS),
    });
    db = openDb(api);
  });

  afterAll(async () => {
    await db.$disconnect();
    await api.close();
  });

  const createEndpoint = (caller: SessionCaller, path = '/hooks') =>
    call<{ endpoint: { id: string } }>(api, caller, 'POST', '/webhooks', {
      body: { url: `http://127.0.0.1:9${path}`, description: 'CI', events: ['run.failed'] },
    });

  it('answers 429 to test sends beyond the endpoint’s limit, and records none of them', async () => {
    const owner = await signUpWithOrg(api);
    const first = (await createEndpoint(owner)).body.endpoint.id;
    const second = (await createEndpoint(owner)).body.endpoint.id;
    const statuses = [];
    for (let i = 0; i < TESTS_PER_HOUR + 2; i++) {
      statuses.push((await call(api, owner, 'POST', `/webhooks/${first}/test`)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    const refused = await call(api, owner, 'POST', `/webhooks/${first}/test`);
    expect(errorOf(refused)).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await db.webhookDelivery.count({ where: { endpointId: first } })).toBe(TESTS_PER_HOUR);
    // The limit is the endpoint's: another endpoint of the organisation still sends.
    expect((await call(api, owner, 'POST', `/webhooks/${second}/test`)).status).toBe(202);
  });

  it('caps endpoints per organisation, even when created all at once', async () => {
    const owner = await signUpWithOrg(api);
    const answers = await Promise.all(
      Array.from({ length: ENDPOINTS + 3 }, (_, i) => createEndpoint(owner, `/h${i}`)),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(ENDPOINTS);
    for (const answer of answers.filter((answer) => answer.status !== 201)) {
      expect(errorOf(answer)).toEqual({ status: 409, code: 'resource_limit_reached' });
      expect(answer.body).toMatchObject({
        error: { details: { resource: 'webhook_endpoints', limit: ENDPOINTS } },
      });
    }
    expect(await db.webhookEndpoint.count({ where: { orgId: owner.orgId! } })).toBe(ENDPOINTS);
    // Deleting one makes room again.
    const list = await call<{ items: { id: string }[] }>(api, owner, 'GET', '/webhooks');
    await call(api, owner, 'DELETE', `/webhooks/${list.body.items[0]!.id}`);
    expect((await createEndpoint(owner)).status).toBe(201);
  });

  it('caps API keys per organisation (revoked keys do not count)', async () => {
    const owner = await signUpWithOrg(api);
    const createKey = (name: string) =>
      call<{ apiKey: { id: string } }>(api, owner, 'POST', '/api-keys', {
        body: { name, role: 'member' },
      });
    const made = [];
    for (let i = 0; i < KEYS; i++) made.push(await createKey(`k${i}`));
    expect(made.map((answer) => answer.status)).toEqual(Array(KEYS).fill(201));
    expect(errorOf(await createKey('one-too-many'))).toEqual({
      status: 409,
      code: 'resource_limit_reached',
    });
    expect(await db.apiKey.count({ where: { orgId: owner.orgId! } })).toBe(KEYS);
    await call(api, owner, 'DELETE', `/api-keys/${made[0]!.body.apiKey.id}`);
    expect((await createKey('after-revoke')).status).toBe(201);
  });

  it('caps the organisations one account creates', async () => {
    const user = await signUp(api);
    const createOrg = (name: string) => call(api, user, 'POST', '/orgs', { body: { name } });
    for (let i = 0; i < ORGS; i++) expect((await createOrg(`Org ${i}`)).status).toBe(201);
    expect(errorOf(await createOrg('One too many'))).toEqual({
      status: 409,
      code: 'resource_limit_reached',
    });
    expect(await db.membership.count({ where: { userId: user.userId } })).toBe(ORGS);
  });

  it('disabling sticks: enabled:true is refused, and cannot reset the failure count either', async () => {
    const owner = await signUpWithOrg(api);
    const id = (await createEndpoint(owner)).body.endpoint.id;
    await db.webhookEndpoint.update({
      where: { id },
      data: { enabled: false, disabledAt: new Date(), disabledReason: 'kept failing' },
    });
    const refused = await call<{ error: { message: string } }>(
      api,
      owner,
      'PATCH',
      `/webhooks/${id}`,
      {
        body: { enabled: true, description: 'try again' },
      },
    );
    expect(errorOf(refused)).toEqual({ status: 409, code: 'webhook_test_required' });
    expect(refused.body.error.message).toContain(`POST /webhooks/${id}/test`);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect([row.enabled, row.description, row.disabledReason]).toEqual([
      false,
      'CI',
      'kept failing',
    ]);
    // The way back: a test send, accepted for the disabled endpoint (the worker enables it on success).
    expect((await call(api, owner, 'POST', `/webhooks/${id}/test`)).status).toBe(202);

    const enabled = (await createEndpoint(owner, '/other')).body.endpoint.id;
    await db.webhookEndpoint.update({ where: { id: enabled }, data: { consecutiveFailures: 4 } });
    const patched = await call(api, owner, 'PATCH', `/webhooks/${enabled}`, {
      body: { enabled: true },
    });
    expect(patched.status).toBe(200);
    expect(
      (await db.webhookEndpoint.findUniqueOrThrow({ where: { id: enabled } })).consecutiveFailures,
    ).toBe(4);
  });
});
