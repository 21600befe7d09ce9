import { decryptSecret, type Db } from '@shakedown/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import { expectAudited } from '../../test/audit';
import { call, errorOf, signUpWithOrg, type SessionCaller } from '../../test/client';
import { startTestApi, TEST_REDIS_URL, type TestApi } from '../../test/harness';
import { openDb } from '../../test/world';

type Created = {
  endpoint: { id: string; url: string; events: string[]; enabled: boolean };
  secret: string;
};

describe('webhook endpoints', () => {
  let api: TestApi;
  let db: Db;
  let owner: SessionCaller;

  beforeAll(async () => {
    api = await startTestApi();
    db = openDb(api);
    owner = await signUpWithOrg(api);
  });

  afterAll(async () => {
    await db.$disconnect();
    await api.close();
  });

  const create = (url = 'http://127.0.0.1:9/hooks') =>
    call<Created>(api, owner, 'POST', '/webhooks', {
      body: { url, description: 'CI channel', events: ['run.regressed', 'run.failed'] },
    });

  it('shows the signing secret once and stores it encrypted with APP_SECRET', async () => {
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const row = await db.webhookEndpoint.findUniqueOrThrow({
      where: { id: created.body.endpoint.id },
    });
    expect(row.secretCiphertext).not.toContain(created.body.secret.slice(6, 20));
    expect(decryptSecret(row.secretCiphertext, api.config.APP_SECRET)).toBe(created.body.secret);
    const list = await call<{ items: { id: string }[] }>(api, owner, 'GET', '/webhooks');
    expect(list.body.items.map((item) => item.id)).toContain(created.body.endpoint.id);
    expect(list.text).not.toContain(created.body.secret);
    expect(
      (await call(api, owner, 'GET', `/webhooks/${created.body.endpoint.id}`)).text,
    ).not.toContain('whsec_');
  });

  it('refuses URLs that reach private or metadata addresses', async () => {
    for (const url of [
      'http://10.0.0.8/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/x',
      'http://192.168.1.1/',
    ]) {
      const answer = await create(url);
      expect({ url, ...errorOf(answer) }).toEqual({ url, status: 400, code: 'url_not_allowed' });
    }
    const update = await create();
    const patched = await call(api, owner, 'PATCH', `/webhooks/${update.body.endpoint.id}`, {
      body: { url: 'http://10.9.9.9/' },
    });
    expect(errorOf(patched)).toEqual({ status: 400, code: 'url_not_allowed' });
  });

  it('refuses a URL whose host does not resolve with a 422 naming the host, never a 500', async () => {
    // `.invalid` never resolves (RFC 6761).
    const answer = await create('https://hooks.shakedown.invalid/x');
    expect(errorOf(answer)).toEqual({ status: 422, code: 'host_not_found' });
    expect(answer.text).toContain('hooks.shakedown.invalid has no');
  });

  it('updates, rotates the secret (audited) and deletes', async () => {
    const created = await create();
    const id = created.body.endpoint.id;
    const updated = await call<{ events: string[]; enabled: boolean; disabledAt: string | null }>(
      api,
      owner,
      'PATCH',
      `/webhooks/${id}`,
      {
        body: { events: ['run.completed'], enabled: false },
      },
    );
    expect(updated.body).toEqual(
      expect.objectContaining({
        events: ['run.completed'],
        enabled: false,
        disabledAt: expect.any(String) as unknown,
      }),
    );
    // Disabling sticks: only a successful test send re-enables (webhook-limits.int.spec.ts).
    expect(
      errorOf(await call(api, owner, 'PATCH', `/webhooks/${id}`, { body: { enabled: true } })),
    ).toEqual({ status: 409, code: 'webhook_test_required' });
    expect(errorOf(await call(api, owner, 'PATCH', `/webhooks/${id}`, { body: {} }))).toEqual({
      status: 400,
      code: 'validation_failed',
    });

    const rotated = await call<{ secret: string }>(
      api,
      owner,
      'POST',
      `/webhooks/${id}/rotate-secret`,
    );
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(decryptSecret(row.secretCiphertext, api.config.APP_SECRET)).toBe(rotated.body.secret);
    await expectAudited(api, owner, 'webhook.secret_rotated', id);

    expect((await call(api, owner, 'DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect(errorOf(await call(api, owner, 'GET', `/webhooks/${id}`))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('sends a test event through the worker’s queue and shows the delivery log with attempts', async () => {
    const created = await create();
    const id = created.body.endpoint.id;
    const test = await call<{
      id: string;
      eventId: string;
      eventType: string;
      status: string;
      attempts: number;
    }>(api, owner, 'POST', `/webhooks/${id}/test`);
    expect(test.status).toBe(202);
    expect(test.body).toEqual(
      expect.objectContaining({
        eventType: 'webhook.test',
        status: 'pending',
        attempts: 0,
        eventId: expect.stringMatching(/^msg_[0-9a-f]{32}$/) as unknown,
      }),
    );
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('webhook-deliveries', {
      connection: redis,
      prefix: api.config.REDIS_PREFIX,
    });
    try {
      const job = await queue.getJob(`webhook-delivery-${test.body.id}`);
      expect(job?.data).toEqual({ deliveryId: test.body.id, orgId: owner.orgId });
    } finally {
      await queue.close();
      redis.disconnect();
    }
    // What the worker records when it delivers.
    await db.webhookAttempt.create({
      data: {
        orgId: owner.orgId!,
        deliveryId: test.body.id,
        attemptNumber: 1,
        startedAt: new Date(),
        durationMs: 42,
        succeeded: false,
        responseStatus: 503,
        error: null,
      },
    });
    await db.webhookDelivery.update({
      where: { id: test.body.id },
      data: { attempts: 1, lastResponseStatus: 503, lastAttemptAt: new Date() },
    });
    const log = await call<{
      items: {
        id: string;
        attempts: number;
        lastResponseStatus: number;
        attemptsLog: { responseStatus: number; durationMs: number }[];
      }[];
    }>(api, owner, 'GET', `/webhooks/${id}/deliveries`);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        id: test.body.id,
        attempts: 1,
        lastResponseStatus: 503,
        attemptsLog: [expect.objectContaining({ responseStatus: 503, durationMs: 42 })],
      }),
    ]);
  });
});
