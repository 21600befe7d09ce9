import {
  anonymous,
  call,
  errorOf,
  keyCaller,
  signUp,
  signUpWithOrg,
  uniqueEmail,
  type SessionCaller,
} from '../../test/client';
import { startTestApi, type TestApi } from '../../test/harness';

describe('organisations, members, invitations, API keys and the audit log', () => {
  let api: TestApi;
  let owner: SessionCaller;

  beforeAll(async () => {
    api = await startTestApi();
    owner = await signUpWithOrg(api, 'Acme Inc.');
  });

  afterAll(async () => {
    await api.close();
  });

  async function invite(role: string): Promise<SessionCaller> {
    const user = await signUp(api, uniqueEmail(role));
    const created = await call<{ token: string; invitation: { status: string; role: string } }>(
      api,
      owner,
      'POST',
      '/invitations',
      {
        body: { email: user.email.toUpperCase(), role },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.invitation).toEqual(expect.objectContaining({ status: 'pending', role }));
    // Before accepting, the invitee sees which organisation and role the link offers.
    const preview = await call<{ orgName: string; role: string }>(
      api,
      user,
      'POST',
      '/invitations/preview',
      { body: { token: created.body.token } },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual(expect.objectContaining({ role }));
    expect(preview.body.orgName.length).toBeGreaterThan(0);
    const accepted = await call<{ id: string; role: string }>(
      api,
      user,
      'POST',
      '/invitations/accept',
      {
        body: { token: created.body.token },
      },
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body).toEqual(expect.objectContaining({ id: owner.orgId, role }));
    return user.inOrg(owner.orgId!);
  }

  it('creates organisations for their owner and lists them with the role and limits', async () => {
    const orgs = await call<{
      items: { id: string; role: string; slug: string; limits: { maxRps: number } }[];
    }>(api, owner, 'GET', '/orgs');
    expect(orgs.body.items).toEqual([
      expect.objectContaining({
        id: owner.orgId,
        role: 'owner',
        slug: expect.stringMatching(/^acme-inc-[0-9a-f]{6}$/) as unknown,
      }),
    ]);
    expect(orgs.body.items[0]!.limits.maxRps).toBe(200);
    const second = await call<{ id: string }>(api, owner, 'POST', '/orgs', {
      body: { name: 'Side project' },
    });
    expect(second.status).toBe(201);
    // With two organisations, a session must say which one it acts in.
    const withoutOrg = await call(
      api,
      { headers: () => ({ Cookie: owner.cookie }) },
      'GET',
      '/targets',
    );
    expect(errorOf(withoutOrg)).toEqual({ status: 400, code: 'org_required' });
    const current = await call<{ id: string; role: string }>(
      api,
      owner.inOrg(second.body.id),
      'GET',
      '/org',
    );
    expect(current.body).toEqual(expect.objectContaining({ id: second.body.id, role: 'owner' }));
  });

  it('invites by link: once, before expiry, for the invited email only', async () => {
    const member = await invite('member');
    const members = await call<{ items: { userId: string; role: string }[] }>(
      api,
      owner,
      'GET',
      '/members',
    );
    expect(members.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: member.userId, role: 'member' })]),
    );

    const stranger = await signUp(api);
    const created = await call<{ token: string; invitation: { id: string } }>(
      api,
      owner,
      'POST',
      '/invitations',
      {
        body: { email: uniqueEmail('someone-else'), role: 'viewer' },
      },
    );
    const wrongEmail = await call(api, stranger, 'POST', '/invitations/accept', {
      body: { token: created.body.token },
    });
    expect(errorOf(wrongEmail)).toEqual({ status: 403, code: 'invitation_email_mismatch' });
    // Nor does the preview name the organisation to someone else.
    const wrongPreview = await call(api, stranger, 'POST', '/invitations/preview', {
      body: { token: created.body.token },
    });
    expect(errorOf(wrongPreview)).toEqual({ status: 403, code: 'invitation_email_mismatch' });
    expect(
      (await call(api, owner, 'DELETE', `/invitations/${created.body.invitation.id}`)).status,
    ).toBe(204);
    const list = await call<{ items: { id: string; status: string }[] }>(
      api,
      owner,
      'GET',
      '/invitations?limit=1',
    );
    expect(list.body.items).toHaveLength(1);
    const all = await call<{ items: { id: string; status: string }[] }>(
      api,
      owner,
      'GET',
      '/invitations',
    );
    expect(all.body.items.find((item) => item.id === created.body.invitation.id)?.status).toBe(
      'revoked',
    );

    const again = await signUp(api);
    const reused = await call<{ token: string; invitation: { id: string } }>(
      api,
      owner,
      'POST',
      '/invitations',
      { body: { email: again.email, role: 'member' } },
    );
    expect(
      (
        await call(api, again, 'POST', '/invitations/accept', {
          body: { token: reused.body.token },
        })
      ).status,
    ).toBe(201);
    const twice = await call(api, again, 'POST', '/invitations/accept', {
      body: { token: reused.body.token },
    });
    expect(errorOf(twice)).toEqual({ status: 410, code: 'invitation_expired' });
    // Revoking what is no longer pending changes nothing and audits nothing.
    const auditBefore = await call<{ items: unknown[] }>(api, owner, 'GET', '/audit-log?limit=200');
    for (const [id, status] of [
      [reused.body.invitation.id, 'accepted'],
      [created.body.invitation.id, 'revoked'],
    ] as const) {
      const revoke = await call<{ error: { details: { status: string } } }>(
        api,
        owner,
        'DELETE',
        `/invitations/${id}`,
      );
      expect(errorOf(revoke)).toEqual({ status: 409, code: 'invitation_not_pending' });
      expect(revoke.body.error.details.status).toBe(status);
    }
    const auditAfter = await call<{ items: unknown[] }>(api, owner, 'GET', '/audit-log?limit=200');
    expect(auditAfter.body.items).toHaveLength(auditBefore.body.items.length);
    const unknown = await call(api, again, 'POST', '/invitations/accept', {
      body: { token: 'no-such-token' },
    });
    expect(errorOf(unknown)).toEqual({ status: 404, code: 'not_found' });
  });

  it('keeps the owner role to owners and always one owner', async () => {
    const admin = await invite('admin');
    const member = await invite('member');
    const members = await call<{ items: { id: string; userId: string }[] }>(
      api,
      owner,
      'GET',
      '/members',
    );
    const idOf = (userId: string) => members.body.items.find((item) => item.userId === userId)!.id;

    const demote = await call<{ role: string }>(
      api,
      admin,
      'PATCH',
      `/members/${idOf(member.userId)}`,
      { body: { role: 'viewer' } },
    );
    expect(demote.body.role).toBe('viewer');
    const promote = await call(api, admin, 'PATCH', `/members/${idOf(member.userId)}`, {
      body: { role: 'owner' },
    });
    expect(errorOf(promote)).toEqual({ status: 403, code: 'forbidden' });
    const touchOwner = await call(api, admin, 'PATCH', `/members/${idOf(owner.userId)}`, {
      body: { role: 'member' },
    });
    expect(errorOf(touchOwner)).toEqual({ status: 403, code: 'forbidden' });
    const lastOwner = await call(api, owner, 'PATCH', `/members/${idOf(owner.userId)}`, {
      body: { role: 'admin' },
    });
    expect(errorOf(lastOwner)).toEqual({ status: 409, code: 'last_owner' });
    const leave = await call(api, owner, 'DELETE', `/members/${idOf(owner.userId)}`);
    expect(errorOf(leave)).toEqual({ status: 409, code: 'last_owner' });

    expect(
      (
        await call(api, owner, 'PATCH', `/members/${idOf(admin.userId)}`, {
          body: { role: 'owner' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(api, owner, 'PATCH', `/members/${idOf(owner.userId)}`, {
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(api, admin, 'PATCH', `/members/${idOf(owner.userId)}`, {
          body: { role: 'owner' },
        })
      ).status,
    ).toBe(200);

    // Anyone may leave; the member removed cannot act in the organisation any more.
    expect((await call(api, member, 'DELETE', `/members/${idOf(member.userId)}`)).status).toBe(204);
    expect(errorOf(await call(api, member, 'GET', '/targets'))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('shows API keys once, stores them hashed, records use and revokes them at once', async () => {
    const created = await call<{
      key: string;
      apiKey: { id: string; prefix: string; role: string; lastUsedAt: string | null };
    }>(api, owner, 'POST', '/api-keys', { body: { name: 'CI', role: 'member' } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sd_key_[A-Za-z0-9_-]{43}$/);
    expect(created.body.key.startsWith(created.body.apiKey.prefix)).toBe(true);
    const ci = keyCaller(created.body.key);
    expect((await call(api, ci, 'GET', '/targets')).status).toBe(200);
    const list = await call<{ items: { id: string; lastUsedAt: string | null }[] }>(
      api,
      owner,
      'GET',
      '/api-keys',
    );
    expect(list.text).not.toContain(created.body.key);
    expect(
      list.body.items.find((item) => item.id === created.body.apiKey.id)?.lastUsedAt,
    ).not.toBeNull();
    expect((await call(api, owner, 'DELETE', `/api-keys/${created.body.apiKey.id}`)).status).toBe(
      204,
    );
    expect(errorOf(await call(api, ci, 'GET', '/targets'))).toEqual({
      status: 401,
      code: 'unauthenticated',
    });
  });

  it('lets admins read the audit log of sensitive actions, page by page', async () => {
    const first = await call<{ items: { action: string }[]; nextCursor: string | null }>(
      api,
      owner,
      'GET',
      '/audit-log?limit=2',
    );
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const all = await call<{ items: { action: string; actorUserId: string | null }[] }>(
      api,
      owner,
      'GET',
      '/audit-log?limit=200',
    );
    const actions = all.body.items.map((item) => item.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'org.created',
        'invitation.created',
        'invitation.accepted',
        'member.role_changed',
        'member.removed',
        'api_key.created',
        'api_key.revoked',
      ]),
    );
    const next = await call<{ items: unknown[] }>(
      api,
      owner,
      'GET',
      `/audit-log?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(next.body.items).toEqual(all.body.items.slice(2, 4));
    expect(errorOf(await call(api, owner, 'GET', '/audit-log?cursor=garbage'))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    expect(errorOf(await call(api, anonymous, 'GET', '/audit-log'))).toEqual({
      status: 401,
      code: 'unauthenticated',
    });
  });
});
