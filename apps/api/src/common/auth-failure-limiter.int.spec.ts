import { call, errorOf, keyCaller, signUpWithOrg, type Caller } from '../../test/client';
import { startTestApi, type TestApi } from '../../test/harness';

const LIMIT = 5;

describe('failed authentication is limited per address before any lookup (issue 16.6)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: String(LIMIT) });
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers 429 past the limit of unknown keys and cookies; successes do not count', async () => {
    const owner = await signUpWithOrg(api, 'Limits');
    // Successful lookups give their slot back: many of them use up nothing.
    for (let index = 0; index < LIMIT * 2; index += 1) {
      expect((await call(api, owner, 'GET', '/targets')).status).toBe(200);
    }
    const unknownKey = keyCaller('sd_key_notarealkeynotarealkeynotarealkey12345');
    const unknownCookie: Caller = { headers: () => ({ Cookie: 'sd_session=not-a-session' }) };
    const answers = await Promise.all(
      Array.from({ length: LIMIT * 3 }, (_, index) =>
        call(api, index % 2 === 0 ? unknownKey : unknownCookie, 'GET', '/targets'),
      ),
    );
    const outcomes = answers.map((answer) => {
      const { status, code } = errorOf(answer);
      return `${status} ${code}`;
    });
    expect(outcomes.filter((item) => item === '401 unauthenticated')).toHaveLength(LIMIT);
    expect(outcomes.filter((item) => item === '429 rate_limited')).toHaveLength(LIMIT * 2);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
