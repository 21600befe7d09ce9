import { anonymous, call, errorOf, PASSWORD, signUp, uniqueEmail } from '../../test/client';
import { startTestApi, type TestApi } from '../../test/harness';

const FREE = 10;

/** One API per first delay: a long one, so elapsed time cannot open a slot mid-test. */
async function apiWithDelay(firstDelayMs: number): Promise<TestApi> {
  return startTestApi({
    RATE_LIMIT_ACCOUNT_FAILURES: String(FREE),
    RATE_LIMIT_ACCOUNT_DELAY_MS: String(firstDelayMs),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000',
  });
}

const signIn = (api: TestApi, email: string, password: string) =>
  call(api, anonymous, 'POST', '/auth/sign-in', { body: { email, password } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the per-account sign-in delay (issue 16.4)', () => {
  let slow: TestApi;
  let quick: TestApi;
  const QUICK_DELAY_MS = 4_000;

  beforeAll(async () => {
    slow = await apiWithDelay(10 * 60 * 1000);
    quick = await apiWithDelay(QUICK_DELAY_MS);
  });

  afterAll(async () => {
    await slow.close();
    await quick.close();
  });

  it('checks no more than the free attempts of 20 concurrent wrong passwords', async () => {
    for (const email of [(await signUp(slow)).email, uniqueEmail('nobody')]) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => signIn(slow, email, 'not-the-password-1')),
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
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    }
  });

  it('refuses even the right password during the delay, then lets it in and forgets', async () => {
    const user = await signUp(quick);
    for (let index = 0; index < FREE; index += 1) {
      expect((await signIn(quick, user.email, 'not-the-password-1')).status).toBe(401);
    }
    expect(errorOf(await signIn(quick, user.email, PASSWORD))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    await sleep(QUICK_DELAY_MS + 100);
    expect((await signIn(quick, user.email, PASSWORD)).status).toBe(200);
    // Cleared by the success: the next wrong password is a plain 401 again.
    expect((await signIn(quick, user.email, 'not-the-password-1')).status).toBe(401);
    expect((await signIn(quick, user.email, PASSWORD)).status).toBe(200);
  });

  it('doubles the delay with each failure past the free attempts', async () => {
    const user = await signUp(quick);
    for (let index = 0; index < FREE; index += 1) {
      await signIn(quick, user.email, 'not-the-password-1');
    }
    await sleep(QUICK_DELAY_MS + 100);
    expect((await signIn(quick, user.email, 'not-the-password-1')).status).toBe(401);
    const refused = await signIn(quick, user.email, PASSWORD);
    expect(errorOf(refused)).toEqual({ status: 429, code: 'rate_limited' });
    // The second delay is twice the first: more than the first is left of it.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(QUICK_DELAY_MS / 1000);
  });
});
