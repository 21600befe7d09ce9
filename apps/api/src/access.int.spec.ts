import type { Db } from '@shakedown/db';

import { anonymous, call, errorOf, keyCaller, type Caller } from '../test/client';
import { pathFor, validBodyFor } from '../test/endpoint-samples';
import { startTestApi, type TestApi } from '../test/harness';
import { buildOrgWorld, join, openDb, type OrgWorld } from '../test/world';
import type { EndpointSpec } from '@shakedown/core/contract';
import { collectEndpoints } from './openapi/openapi-document';

/**
 * Access control of every route, enumerated from the app itself (a new route is covered
 * without touching this file): 401 without credentials, 403 for a role too low, 404 for
 * another organisation's objects of every resource type, and those objects left untouched.
 */
describe('access control of every endpoint', () => {
  let api: TestApi;
  let db: Db;
  let a: OrgWorld;
  let b: OrgWorld;
  let endpoints: EndpointSpec[];

  beforeAll(async () => {
    api = await startTestApi();
    db = openDb(api);
    a = await buildOrgWorld(api, db, 'alpha');
    b = await buildOrgWorld(api, db, 'bravo');
    endpoints = collectEndpoints(api.app);
  }, 180_000);

  afterAll(async () => {
    await db.$disconnect();
    await api.close();
  });

  const send = (caller: Caller, spec: EndpointSpec, world: OrgWorld) =>
    call(api, caller, spec.method, pathFor(spec, world.ids), { body: validBodyFor(spec) });

  /** The caller is refused with 401 on the route (of organisation a), named in the failure. */
  const expectUnauthenticated = async (caller: Caller, spec: EndpointSpec) => {
    const answer = await send(caller, spec, a);
    expect({ route: `${spec.method} ${spec.path}`, ...errorOf(answer) }).toEqual({
      route: `${spec.method} ${spec.path}`,
      status: 401,
      code: 'unauthenticated',
    });
  };

  it('answers 401 to every non-public endpoint without credentials or with an unknown key', async () => {
    const guarded = endpoints.filter((spec) => spec.access !== 'public');
    expect(guarded.length).toBeGreaterThan(35);
    const fake = keyCaller('sd_key_notarealkeynotarealkeynotarealkey12345');
    for (const spec of guarded) {
      for (const caller of [anonymous, fake]) await expectUnauthenticated(caller, spec);
    }
  });

  it('answers 403 when the role is too low, for sessions and API keys alike', async () => {
    const cases: [string, Caller, (spec: EndpointSpec) => boolean][] = [
      ['viewer session', a.viewer, (spec) => ['member', 'admin', 'owner'].includes(spec.access)],
      ['viewer key', a.viewerKey, (spec) => ['member', 'admin', 'owner'].includes(spec.access)],
      ['member session', a.member, (spec) => ['admin', 'owner'].includes(spec.access)],
      ['member key', a.memberKey, (spec) => ['admin', 'owner'].includes(spec.access)],
      ['admin key on user endpoints', a.adminKey, (spec) => spec.access === 'user'],
    ];
    let checked = 0;
    for (const [who, caller, applies] of cases) {
      for (const spec of endpoints.filter(applies)) {
        const answer = await send(caller, spec, a);
        expect({ who, route: `${spec.method} ${spec.path}`, ...errorOf(answer) }).toEqual({
          who,
          route: `${spec.method} ${spec.path}`,
          status: 403,
          code: 'forbidden',
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(60);
    // Viewers may remove themselves, not others.
    const removeOther = await call(api, a.viewer, 'DELETE', `/members/${a.ids.membership}`);
    expect(errorOf(removeOther)).toEqual({ status: 403, code: 'forbidden' });
  });

  it('answers 404 to another organisation for every object, and leaves the objects untouched', async () => {
    const withIds = endpoints.filter((spec) => spec.path.includes(':id'));
    const types = new Set(withIds.map((spec) => spec.path.split('/')[1]));
    expect([...types].sort()).toEqual([
      'api-keys',
      'auth',
      'invitations',
      'members',
      'runs',
      'targets',
      'webhooks',
    ]);
    for (const spec of withIds) {
      const callers: [string, Caller][] =
        spec.access === 'user'
          ? [['bravo owner', b.owner]]
          : [
              ['bravo owner', b.owner],
              ['bravo admin key', b.adminKey],
            ];
      for (const [who, caller] of callers) {
        const answer = await send(caller, spec, a);
        expect({ who, route: `${spec.method} ${spec.path}`, ...errorOf(answer) }).toEqual({
          who,
          route: `${spec.method} ${spec.path}`,
          status: 404,
          code: 'not_found',
        });
      }
    }
    // A session acting in an organisation it does not belong to is a 404 too.
    const foreignOrg = await call(api, b.owner.inOrg(a.orgId), 'GET', '/targets');
    expect(errorOf(foreignOrg)).toEqual({ status: 404, code: 'not_found' });

    expect((await call(api, a.owner, 'GET', `/targets/${a.ids.target}`)).status).toBe(200);
    expect((await call(api, a.owner, 'GET', `/runs/${a.ids.run}`)).status).toBe(200);
    expect(
      (await call<{ status: string }>(api, a.owner, 'GET', `/runs/${a.ids.run}`)).body.status,
    ).toBe('completed');
    expect(
      (await call<{ description: string }>(api, a.owner, 'GET', `/webhooks/${a.ids.webhook}`)).body
        .description,
    ).toBe('');
    const members = await call<{ items: { id: string; role: string }[] }>(
      api,
      a.owner,
      'GET',
      '/members',
    );
    expect(members.body.items.find((item) => item.id === a.ids.membership)?.role).toBe('member');
    const keys = await call<{ items: { id: string; revokedAt: string | null }[] }>(
      api,
      a.owner,
      'GET',
      '/api-keys',
    );
    expect(keys.body.items.find((item) => item.id === a.ids.apiKey)?.revokedAt).toBeNull();
    const invitations = await call<{ items: { id: string; status: string }[] }>(
      api,
      a.owner,
      'GET',
      '/invitations',
    );
    expect(invitations.body.items.find((item) => item.id === a.ids.invitation)?.status).toBe(
      'pending',
    );
    expect((await call(api, a.memberKey, 'GET', '/targets')).status).toBe(200);
    expect(await db.session.count({ where: { id: a.ids.session, revokedAt: null } })).toBe(1);
  });

  it('lists only the caller’s organisation', async () => {
    const targets = await call<{ items: { id: string }[] }>(api, b.adminKey, 'GET', '/targets');
    expect(targets.body.items.map((item) => item.id)).toEqual([b.ids.target]);
    const runs = await call<{ items: { id: string }[] }>(api, b.adminKey, 'GET', '/runs');
    expect(runs.body.items.map((item) => item.id).sort()).toEqual(
      [b.ids.run, b.ids.previousRun].sort(),
    );
    const filtered = await call<{ items: unknown[] }>(
      api,
      b.adminKey,
      'GET',
      `/runs?targetId=${a.ids.target}`,
    );
    expect(filtered.body.items).toEqual([]);
  });

  it('a key never acts above its creator’s current role, and dies with the membership', async () => {
    const leaver = await join(api, a.owner, 'admin');
    const created = await call<{ key: string; apiKey: { id: string } }>(
      api,
      leaver,
      'POST',
      '/api-keys',
      { body: { name: 'leaver admin key', role: 'admin' } },
    );
    expect(created.status).toBe(201);
    const key = keyCaller(created.body.key);
    expect((await call(api, key, 'GET', '/audit-log')).status).toBe(200);
    const members = await call<{ items: { id: string; userId: string }[] }>(
      api,
      a.owner,
      'GET',
      '/members',
    );
    const membership = members.body.items.find((item) => item.userId === leaver.userId)!.id;
    const list = await call<{
      items: {
        id: string;
        createdBy: { id: string; email: string } | null;
        lastUsedAt: string | null;
      }[];
    }>(api, a.owner, 'GET', '/api-keys');
    const listed = list.body.items.find((item) => item.id === created.body.apiKey.id);
    expect(listed?.createdBy).toEqual(
      expect.objectContaining({ id: leaver.userId, email: leaver.email }),
    );
    expect(listed?.lastUsedAt).not.toBeNull();

    // Demoted to viewer: the admin key now acts as a viewer, from the very next request.
    const demoted = await call(api, a.owner, 'PATCH', `/members/${membership}`, {
      body: { role: 'viewer' },
    });
    expect(demoted.status).toBe(200);
    expect(errorOf(await call(api, key, 'GET', '/audit-log'))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    const invite = await call(api, key, 'POST', '/invitations', {
      body: { email: 'new-admin@example.test', role: 'admin' },
    });
    expect(errorOf(invite)).toEqual({ status: 403, code: 'forbidden' });
    expect((await call(api, key, 'GET', '/targets')).status).toBe(200);

    // Removed: the key is revoked (audited) and refused on every route.
    expect((await call(api, a.owner, 'DELETE', `/members/${membership}`)).status).toBe(204);
    for (const spec of endpoints.filter((item) => item.access !== 'public')) {
      await expectUnauthenticated(key, spec);
    }
    const revoked = await db.auditLog.findMany({
      where: { orgId: a.orgId, action: 'api_key.revoked', subjectId: created.body.apiKey.id },
    });
    expect(revoked.map((entry) => entry.metadata)).toEqual([
      { name: 'leaver admin key', reason: 'creator_left_organisation' },
    ]);
    expect(
      (await db.apiKey.findUnique({ where: { id: created.body.apiKey.id } }))?.revokedAt,
    ).not.toBeNull();
  });
});
