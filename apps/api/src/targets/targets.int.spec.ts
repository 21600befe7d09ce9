import type { Db } from '@shakedown/db';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { OpenApiDraft } from '@shakedown/core/contract';
import { importOpenApi } from '@shakedown/core/openapi';

import { expectAudited } from '../../test/audit';
import { call, errorOf, signUpWithOrg, type SessionCaller } from '../../test/client';
import { startTestApi, TEST_REDIS_URL, type TestApi } from '../../test/harness';
import { fixedResolver } from '../../test/resolvers';
import { configDocument, openDb, seedCompletedRun } from '../../test/world';
import { toOpenApiDraft } from './openapi-draft';

type TargetAnswer = {
  id: string;
  name: string;
  baseUrl: string;
  verification: {
    status: string;
    method: string | null;
    token: string;
    httpUrl: string;
    dnsRecord: string;
  };
  schedule: { id: string; nextRunAt: string | null; enabled: boolean } | null;
};

describe('targets, verification, OpenAPI drafts, schedules and history', () => {
  let api: TestApi;
  let db: Db;
  let owner: SessionCaller;
  let redis: Redis;
  let schedules: Queue;

  beforeAll(async () => {
    // api.example.test resolves (to a documentation-free public address) and is never connected to.
    api = await startTestApi(
      {},
      { resolver: fixedResolver({ 'api.example.test': '93.184.216.34' }) },
    );
    db = openDb(api);
    owner = await signUpWithOrg(api);
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    schedules = new Queue('schedules', { connection: redis, prefix: api.config.REDIS_PREFIX });
  });

  /** Ids of the live job schedulers (listing: `getJobScheduler` parses colon ids as legacy keys). */
  async function schedulerIds(): Promise<string[]> {
    return (await schedules.getJobSchedulers()).map((scheduler) => scheduler.key);
  }

  afterAll(async () => {
    await schedules.close();
    redis.disconnect();
    await db.$disconnect();
    await api.close();
  });

  it('registers a target from a config document; allowlisted hosts count as verified', async () => {
    const created = await call<TargetAnswer>(api, owner, 'POST', '/targets', {
      body: configDocument('orders-api'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        name: 'orders-api',
        baseUrl: 'http://127.0.0.1:4010',
        verification: expect.objectContaining({
          status: 'verified',
          method: 'allowlist',
          httpUrl: 'http://127.0.0.1:4010/.well-known/shakedown-verification.txt',
        }) as unknown,
      }),
    );
    expect(created.body.verification.dnsRecord).toBe(
      `shakedown-verification=${created.body.verification.token}`,
    );
    const found = await call<{ items: TargetAnswer[]; nextCursor: null }>(
      api,
      owner,
      'GET',
      '/targets?name=orders-api',
    );
    expect(found.body).toEqual({
      items: [expect.objectContaining({ id: created.body.id })],
      nextCursor: null,
    });
    expect(
      (await call<TargetAnswer>(api, owner, 'GET', `/targets/${created.body.id}`)).body.name,
    ).toBe('orders-api');
    const taken = await call(api, owner, 'POST', '/targets', {
      body: configDocument('orders-api'),
    });
    expect(errorOf(taken)).toEqual({ status: 409, code: 'target_name_taken' });
  });

  it('names each problem of an invalid config by its path, and refuses budgets above the limits', async () => {
    const document = configDocument('broken') as { routes: Record<string, unknown>[] };
    document.routes[0]!.method = 'FETCH';
    const invalid = await call<{ error: { details: { issues: { path: string }[] } } }>(
      api,
      owner,
      'POST',
      '/targets',
      { body: document },
    );
    expect(errorOf(invalid)).toEqual({ status: 400, code: 'invalid_config' });
    expect(invalid.body.error.details.issues.map((issue) => issue.path)).toContain(
      'routes[0].method',
    );
    const greedy = {
      ...configDocument('greedy'),
      target: { name: 'greedy', baseUrl: 'http://127.0.0.1:4010', budget: { maxRps: 5000 } },
    };
    const over = await call<{ error: { message: string } }>(api, owner, 'POST', '/targets', {
      body: greedy,
    });
    expect(errorOf(over)).toEqual({ status: 400, code: 'budget_over_limit' });
    expect(over.body.error.message).toMatch(
      /target\.budget\.maxRps: is 5000, above the organisation's limit maxRps = 200/,
    );
    const privateHost = await call(api, owner, 'POST', '/targets', {
      body: configDocument('internal', 'http://10.1.2.3:8080'),
    });
    expect(errorOf(privateHost)).toEqual({ status: 400, code: 'url_not_allowed' });
    expect(
      await db.target.count({ where: { name: { in: ['broken', 'greedy', 'internal'] } } }),
    ).toBe(0);
  });

  it('resets the verification when the origin changes, and refuses runs until verified', async () => {
    const created = await call<TargetAnswer>(api, owner, 'POST', '/targets', {
      body: configDocument('moving'),
    });
    const moved = await call<TargetAnswer>(api, owner, 'PUT', `/targets/${created.body.id}`, {
      body: configDocument('moving', 'https://api.example.test'),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.verification).toEqual(
      expect.objectContaining({ status: 'unverified', method: null }),
    );
    const run = await call(api, owner, 'POST', `/targets/${moved.body.id}/runs`, { body: {} });
    expect(errorOf(run)).toEqual({ status: 409, code: 'target_not_verified' });
    const back = await call<TargetAnswer>(api, owner, 'PUT', `/targets/${created.body.id}`, {
      body: configDocument('moving'),
    });
    expect(back.body.verification.status).toBe('verified');
    const verified = await call<TargetAnswer & { verification: { checkedAt: string } }>(
      api,
      owner,
      'POST',
      `/targets/${created.body.id}/verify`,
    );
    expect(verified.body.verification).toEqual(
      expect.objectContaining({
        status: 'verified',
        method: 'allowlist',
        checkedAt: expect.any(String) as unknown,
      }),
    );
  });

  it('drafts a config from an OpenAPI document without storing anything', async () => {
    const before = await db.target.count();
    const document =
      'openapi: 3.0.3\ninfo: {title: Pets, version: "1"}\nservers: [{url: "http://127.0.0.1:4010"}]\npaths:\n  /pets:\n    post:\n      operationId: addPet\n      requestBody: {content: {application/json: {schema: {type: object, properties: {kind: {type: string}}}, example: {kind: dog}}}}\n      responses: {"201": {description: Created}}\n  /pets/{petId}:\n    delete:\n      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]\n      responses: {"204": {description: Deleted}}\n';
    const draft = await call<OpenApiDraft>(api, owner, 'POST', '/targets/openapi-draft', {
      body: { document },
    });
    expect(draft.status).toBe(200);
    // The same function as `shakedown init`: the API adds nothing and drops nothing.
    expect(draft.body).toEqual(toOpenApiDraft(await importOpenApi(document)));
    expect(draft.body.config).toEqual({
      version: 1,
      target: { name: 'Pets', baseUrl: 'http://127.0.0.1:4010' },
      routes: [
        {
          id: 'addPet',
          method: 'POST',
          path: '/pets',
          body: { kind: 'dog' },
          bodySchema: { type: 'object', properties: { kind: { type: 'string' } } },
          public: true,
        },
      ],
    });
    expect(draft.body.yaml).toMatch(/^# Shakedown draft of "Pets"/);
    expect(draft.body.leftOut).toEqual([
      expect.objectContaining({ operation: 'DELETE /pets/{petId}', category: 'not-created' }),
    ]);
    const invalid = await call(api, owner, 'POST', '/targets/openapi-draft', {
      body: { document: 'swagger: "2.0"' },
    });
    expect(errorOf(invalid)).toEqual({ status: 400, code: 'invalid_openapi' });
    const dangling = await call(api, owner, 'POST', '/targets/openapi-draft', {
      body: {
        document: document.replace('type: object, properties', '$ref: "#/nope", properties'),
      },
    });
    expect(errorOf(dangling)).toEqual({ status: 400, code: 'invalid_openapi' });
    expect(dangling.text).toContain('a $ref cannot be resolved');
    expect(await db.target.count()).toBe(before);
  });

  it('schedules runs with a BullMQ job scheduler, validating cron and time zone', async () => {
    const target = await call<TargetAnswer>(api, owner, 'POST', '/targets', {
      body: configDocument('scheduled'),
    });
    const put = await call<{
      id: string;
      nextRunAt: string;
      nextRunsAt: string[];
      timezone: string;
    }>(api, owner, 'PUT', `/targets/${target.body.id}/schedule`, {
      body: { cron: '30 6 * * 1-5', timezone: 'America/New_York', probes: ['schema', 'errors'] },
    });
    expect(put.status).toBe(200);
    expect(put.body.timezone).toBe('America/New_York');
    expect(new Date(put.body.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    // The next five slots, the first being nextRunAt, each at 06:30 in New York.
    expect(put.body.nextRunsAt).toHaveLength(5);
    expect(put.body.nextRunsAt[0]).toBe(put.body.nextRunAt);
    for (const slot of put.body.nextRunsAt) {
      const local = new Date(slot).toLocaleTimeString('en-US', {
        timeZone: 'America/New_York',
        hour12: false,
      });
      expect(local).toBe('06:30:00');
    }
    const scheduler = await schedules.getJobScheduler(`schedule:${put.body.id}`);
    expect(scheduler).toEqual(
      expect.objectContaining({ pattern: '30 6 * * 1-5', tz: 'America/New_York' }),
    );
    expect(scheduler?.template?.data).toEqual({
      scheduleId: put.body.id,
      orgId: owner.orgId,
      targetId: target.body.id,
    });
    expect(
      (await call<TargetAnswer>(api, owner, 'GET', `/targets/${target.body.id}`)).body.schedule?.id,
    ).toBe(put.body.id);

    const badZone = await call<{ error: { details: { issues: { path: string }[] } } }>(
      api,
      owner,
      'PUT',
      `/targets/${target.body.id}/schedule`,
      {
        body: { cron: '0 9 * * *', timezone: 'Europe/Atlantis' },
      },
    );
    expect(errorOf(badZone)).toEqual({ status: 400, code: 'validation_failed' });
    expect(badZone.body.error.details.issues[0]?.path).toBe('body.timezone');
    const tooOften = await call(api, owner, 'PUT', `/targets/${target.body.id}/schedule`, {
      body: { cron: '* * * * *' },
    });
    expect(errorOf(tooOften)).toEqual({ status: 400, code: 'validation_failed' });

    const disabled = await call<{ enabled: boolean; nextRunAt: null }>(
      api,
      owner,
      'PUT',
      `/targets/${target.body.id}/schedule`,
      {
        body: { cron: '30 6 * * 1-5', timezone: 'America/New_York', enabled: false },
      },
    );
    expect(disabled.body).toEqual(expect.objectContaining({ enabled: false, nextRunAt: null }));
    expect(await schedulerIds()).not.toContain(`schedule:${put.body.id}`);
    await call(api, owner, 'PUT', `/targets/${target.body.id}/schedule`, {
      body: { cron: '0 7 * * *' },
    });
    expect(await schedulerIds()).toContain(`schedule:${put.body.id}`);
    expect((await call(api, owner, 'DELETE', `/targets/${target.body.id}/schedule`)).status).toBe(
      204,
    );
    expect(await schedulerIds()).not.toContain(`schedule:${put.body.id}`);
    expect(
      errorOf(await call(api, owner, 'DELETE', `/targets/${target.body.id}/schedule`)),
    ).toEqual({ status: 404, code: 'not_found' });
  });

  it('charts the history of completed runs, oldest first, with load p95', async () => {
    const target = await call<TargetAnswer>(api, owner, 'POST', '/targets', {
      body: configDocument('charted'),
    });
    const older = await seedCompletedRun(
      db,
      owner.orgId!,
      target.body.id,
      new Date(Date.now() - 7_200_000),
      [{ code: 'ratelimit.missing', route: 'list-orders', severity: 'high' }],
    );
    const newer = await seedCompletedRun(
      db,
      owner.orgId!,
      target.body.id,
      new Date(Date.now() - 60_000),
      [
        { code: 'tenant.cross_read', route: 'create-order', severity: 'critical' },
        { code: 'ratelimit.missing', route: 'list-orders', severity: 'high' },
      ],
    );
    const history = await call<{
      items: {
        runId: string;
        findings: number;
        bySeverity: { critical: number };
        loadP95Ms: number;
      }[];
    }>(api, owner, 'GET', `/targets/${target.body.id}/history`);
    expect(history.body.items.map((point) => point.runId)).toEqual([older.id, newer.id]);
    expect(history.body.items.map((point) => point.findings)).toEqual([1, 2]);
    expect(history.body.items[1]).toEqual(
      expect.objectContaining({
        bySeverity: expect.objectContaining({ critical: 1 }) as unknown,
        loadP95Ms: 6.5,
      }),
    );
  });

  it('deletes a target with its runs and records it in the audit log', async () => {
    const target = await call<TargetAnswer>(api, owner, 'POST', '/targets', {
      body: configDocument('doomed'),
    });
    await seedCompletedRun(db, owner.orgId!, target.body.id, new Date(), []);
    expect((await call(api, owner, 'DELETE', `/targets/${target.body.id}`)).status).toBe(204);
    expect(errorOf(await call(api, owner, 'GET', `/targets/${target.body.id}`))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(await db.run.count({ where: { targetId: target.body.id } })).toBe(0);
    await expectAudited(api, owner, 'target.deleted', target.body.id);
  });
});
