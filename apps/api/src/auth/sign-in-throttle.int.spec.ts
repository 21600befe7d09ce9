import { anonymous, call, errorOf, PASSWORD, signUp, uniqueEmail } from '../../test/client';
import { startTestApi, type TestApi } from '../../test/harness';

const FREE = 10;

describe('the per-account sign-in delay (issue 16.4)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      RATE_LIMIT_ACCOUNT_FAILURES: String(FREE),
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000',
    });
  });

  afterAll(async () => {
    await api.close();
  });

  const signIn = (email: string, password: string) =>
    call(api, anonymous, 'POST', '/auth/sign-in', { body: { email, password } });

  it('checks no more than the free attempts of 20 concurrent wrong passwords', async () => {
    for (const email of [(await signUp(api)).email, uniqueEmail('nobody')]) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => signIn(email, 'not-the-password-1')),
      );
      const outcomes = answers.map((answer) => {
        const { status, code } = errorOf(answer);
        return `${status} ${code}`;
      });
      const count = (label: string) => outcomes.filter((item) => item === label).length;
      expect({ email, checked: count('401 invalid_credentials') }).toEqual({
        email,
        checked: FREE,
      });
      expect(count('429 rate_limited')).toBe(20 - FREE);
      const refused = answers.find((answer) => answer.status === 429)!;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses even the right password during the delay, then lets it in and forgets', async () => {
    const user = await signUp(api);
    for (let index = 0; index < FREE; index += 1) {
      expect((await signIn(user.email, 'not-the-password-1')).status).toBe(401);
    }
    expect(errorOf(await signIn(user.email, PASSWORD))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await signIn(user.email, PASSWORD)).status).toBe(200);
    // Cleared by the success: the next wrong password is a plain 401 again.
    expect((await signIn(user.email, 'not-the-password-1')).status).toBe(401);
    expect((await signIn(user.email, PASSWORD)).status).toBe(200);
  });

  it('doubles the delay with each failure past the free attempts', async () => {
    const user = await signUp(api);
    for (let index = 0; index < FREE; index += 1) {
      await signIn(user.email, 'not-the-password-1');
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await signIn(user.email, 'not-the-password-1')).status).toBe(401);
    const refused = await signIn(user.email, PASSWORD);
    expect(errorOf(refused)).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBe(2);
  });
});
