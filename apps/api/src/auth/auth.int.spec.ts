import { anonymous, call, errorOf, PASSWORD, signUp, uniqueEmail } from '../../test/client';
import { useTestApi } from '../../test/use-test-api';
import { openDb } from '../../test/world';

interface SessionShape {
  user: { id: string };
  memberships: unknown[];
}

describe('accounts and sessions', () => {
  const live = useTestApi();

  it('signs up with an httpOnly SameSite cookie and a CSRF token, and reads the session', async () => {
    const email = uniqueEmail();
    const answer = await call<{ csrfToken: string; user: { email: string } }>(
      live.api,
      anonymous,
      'POST',
      '/auth/sign-up',
      {
        body: { email: email.toUpperCase(), name: 'Ada', password: PASSWORD },
      },
    );
    expect(answer.status).toBe(201);
    expect(answer.body.user.email).toBe(email);
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/sd_session=[A-Za-z0-9_-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(answer.text).not.toContain(PASSWORD);
    const session = await call<{ csrfToken: string }>(
      live.api,
      { headers: () => ({ Cookie: cookie.split(';')[0]! }) },
      'GET',
      '/auth/session',
    );
    expect(session.status).toBe(200);
    expect(session.body.csrfToken).toBe(answer.body.csrfToken);
  });

  it('refuses weak passwords, naming the rule, and stores nothing', async () => {
    const email = uniqueEmail();
    const answer = await call(live.api, anonymous, 'POST', '/auth/sign-up', {
      body: { email, name: 'Ada', password: 'password1234' },
    });
    expect(errorOf(answer)).toEqual({ status: 400, code: 'weak_password' });
    const signIn = await call(live.api, anonymous, 'POST', '/auth/sign-in', {
      body: { email, password: 'password1234' },
    });
    expect(errorOf(signIn)).toEqual({ status: 401, code: 'invalid_credentials' });
  });

  it('answers a sign-up with a known email like a fresh one, and mails the owner instead', async () => {
    const user = await signUp(live.api);
    const fresh = await call<SessionShape>(live.api, anonymous, 'POST', '/auth/sign-up', {
      body: { email: uniqueEmail(), name: 'Again', password: 'another-long-passphrase-7' },
    });
    const taken = await call<SessionShape>(live.api, anonymous, 'POST', '/auth/sign-up', {
      body: { email: user.email, name: 'Again', password: 'another-long-passphrase-7' },
    });
    expect(taken.status).toBe(fresh.status);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(Object.keys(taken.body.user).sort()).toEqual(Object.keys(fresh.body.user).sort());
    expect(taken.body.user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    expect(taken.body.memberships).toEqual(fresh.body.memberships);
    const cookieName = (answer: { headers: Headers }) =>
      (answer.headers.get('set-cookie') ?? '')
        .replace(/=[^;]*/, '=')
        .replace(/Expires=[^;]*/, 'Expires=');
    expect(cookieName(taken)).toBe(cookieName(fresh));

    const db = openDb(live.api);
    try {
      expect(
        await db.mailOutbox.findMany({
          where: { toEmail: user.email },
          select: { template: true, sentAt: true },
        }),
      ).toEqual([{ template: 'account_exists', sentAt: null }]);
      expect(await db.user.count({ where: { email: user.email } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
    // The account is untouched: its password still signs in, the look-alike cookie opens nothing.
    const signIn = await call(live.api, anonymous, 'POST', '/auth/sign-in', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(signIn.status).toBe(200);
    const cookie = (taken.headers.get('set-cookie') ?? '').split(';')[0]!;
    const session = await call(
      live.api,
      { headers: () => ({ Cookie: cookie }) },
      'GET',
      '/auth/session',
    );
    expect(errorOf(session)).toEqual({ status: 401, code: 'unauthenticated' });
  });

  it('signs in, and answers a wrong password and an unknown email alike', async () => {
    const user = await signUp(live.api);
    const ok = await call(live.api, anonymous, 'POST', '/auth/sign-in', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    const wrong = await call<{ error: { message: string } }>(
      live.api,
      anonymous,
      'POST',
      '/auth/sign-in',
      {
        body: { email: user.email, password: 'not-the-password-1' },
      },
    );
    const unknown = await call<{ error: { message: string } }>(
      live.api,
      anonymous,
      'POST',
      '/auth/sign-in',
      {
        body: { email: uniqueEmail(), password: 'not-the-password-1' },
      },
    );
    expect(errorOf(wrong)).toEqual({ status: 401, code: 'invalid_credentials' });
    expect(errorOf(unknown)).toEqual({ status: 401, code: 'invalid_credentials' });
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('needs the CSRF token for cookie writes, and signs out for good', async () => {
    const user = await signUp(live.api);
    const noCsrf = await call(
      live.api,
      { headers: () => ({ Cookie: user.cookie }) },
      'POST',
      '/auth/sign-out',
    );
    expect(errorOf(noCsrf)).toEqual({ status: 403, code: 'csrf_failed' });
    const out = await call(live.api, user, 'POST', '/auth/sign-out');
    expect(out.status).toBe(204);
    const after = await call(live.api, user, 'GET', '/auth/session');
    expect(errorOf(after)).toEqual({ status: 401, code: 'unauthenticated' });
  });

  it('lists and revokes sessions; another user’s session is a 404', async () => {
    const user = await signUp(live.api);
    const other = await signUp(live.api);
    const second = await call(live.api, anonymous, 'POST', '/auth/sign-in', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(second.status).toBe(200);
    const list = await call<{ items: { id: string; current: boolean }[] }>(
      live.api,
      user,
      'GET',
      '/auth/sessions',
    );
    expect(list.body.items).toHaveLength(2);
    const notCurrent = list.body.items.find((item) => !item.current)!;
    expect(
      errorOf(await call(live.api, other, 'DELETE', `/auth/sessions/${notCurrent.id}`)),
    ).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect((await call(live.api, user, 'DELETE', `/auth/sessions/${notCurrent.id}`)).status).toBe(
      204,
    );
    const after = await call<{ items: unknown[] }>(live.api, user, 'GET', '/auth/sessions');
    expect(after.body.items).toHaveLength(1);
  });

  it('answers unknown routes and unauthenticated calls with the error shape', async () => {
    expect(errorOf(await call(live.api, anonymous, 'GET', '/nope'))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(errorOf(await call(live.api, anonymous, 'GET', '/auth/session'))).toEqual({
      status: 401,
      code: 'unauthenticated',
    });
    expect(
      errorOf(
        await call(
          live.api,
          { headers: () => ({ Authorization: 'Bearer nonsense-nonsense-123' }) },
          'GET',
          '/auth/session',
        ),
      ),
    ).toEqual({ status: 401, code: 'unauthenticated' });
  });
});
