import { call, errorOf, type Caller } from '../../test/client';
import { useOrgWorld } from '../../test/use-org-world';
import { WORLD_TENANT_TOKEN } from '../../test/world';

const STORED = [WORLD_TENANT_TOKEN, 'sid=world-session-of-bob-1234', 'k-bob-5678'];
const AUTH_POINTER = '/target/tenants/alice/headers/Authorization';

interface TargetAnswer {
  id: string;
  config: { target: { tenants: Record<string, { headers: Record<string, string> }> } };
}

/** Tenant credentials are write-only: masked on every read, kept on update, revealed on purpose. */
describe('target secrets', () => {
  const live = useOrgWorld('secrets');

  const reveal = async (pointer: string) =>
    (
      await call<{ value: string }>(
        live.api,
        live.a.owner,
        'POST',
        `/targets/${live.a.ids.target}/secrets/reveal`,
        { body: { pointer } },
      )
    ).body.value;

  it('never returns a stored credential to any role, in the target or the list', async () => {
    // The credentials are stored (sealed; the worker needs them), so a leak would show.
    expect(await reveal(AUTH_POINTER)).toBe(WORLD_TENANT_TOKEN);
    const callers: [string, Caller][] = [
      ['viewer', live.a.viewer],
      ['viewer key', live.a.viewerKey],
      ['member', live.a.member],
      ['admin', live.a.admin],
      ['owner', live.a.owner],
    ];
    for (const [who, caller] of callers) {
      for (const path of [`/targets/${live.a.ids.target}`, '/targets']) {
        const answer = await call(live.api, caller, 'GET', path);
        expect({ who, path, status: answer.status }).toEqual({ who, path, status: 200 });
        for (const secret of STORED) {
          expect({ who, path, leaks: answer.text.includes(secret) }).toEqual({
            who,
            path,
            leaks: false,
          });
        }
        expect(answer.text).toContain('Bearer ****-bob');
      }
    }
  });

  it('keeps a secret sent back masked, and stores a changed one', async () => {
    const read = await call<TargetAnswer>(
      live.api,
      live.a.admin,
      'GET',
      `/targets/${live.a.ids.target}`,
    );
    const config = read.body.config;
    config.target.tenants.bob!.headers.Cookie = 'sid=changed-session-4321';
    const put = await call(live.api, live.a.admin, 'PUT', `/targets/${live.a.ids.target}`, {
      body: config,
    });
    expect(put.status).toBe(200);
    expect(await reveal(AUTH_POINTER)).toBe(WORLD_TENANT_TOKEN);
    expect(await reveal('/target/tenants/bob/query/api_key')).toBe('k-bob-5678');
    expect(await reveal('/target/tenants/bob/headers/Cookie')).toBe('sid=changed-session-4321');
  });

  it('reveals a secret to owners and admins only, and audits each reveal', async () => {
    const auditCount = () =>
      live.db.auditLog.count({
        where: {
          orgId: live.a.orgId,
          action: 'target.secret_revealed',
          subjectId: live.a.ids.target,
        },
      });
    const before = await auditCount();
    for (const caller of [live.a.admin, live.a.owner, live.a.adminKey]) {
      const answer = await call<{ pointer: string; value: string }>(
        live.api,
        caller,
        'POST',
        `/targets/${live.a.ids.target}/secrets/reveal`,
        { body: { pointer: AUTH_POINTER } },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ pointer: AUTH_POINTER, value: WORLD_TENANT_TOKEN });
    }
    expect(await auditCount()).toBe(before + 3);
    const entry = await live.db.auditLog.findFirstOrThrow({
      where: { orgId: live.a.orgId, action: 'target.secret_revealed' },
      orderBy: { createdAt: 'desc' },
    });
    expect(entry.metadata).toEqual({ pointer: AUTH_POINTER });

    for (const caller of [live.a.member, live.a.viewer, live.a.memberKey, live.a.viewerKey]) {
      const refused = await call(
        live.api,
        caller,
        'POST',
        `/targets/${live.a.ids.target}/secrets/reveal`,
        {
          body: { pointer: AUTH_POINTER },
        },
      );
      expect(errorOf(refused)).toEqual({ status: 403, code: 'forbidden' });
    }
    const notASecret = await call(
      live.api,
      live.a.admin,
      'POST',
      `/targets/${live.a.ids.target}/secrets/reveal`,
      {
        body: { pointer: '/target/baseUrl' },
      },
    );
    expect(errorOf(notASecret)).toEqual({ status: 404, code: 'not_found' });
    expect(await auditCount()).toBe(before + 3);
  });
});
