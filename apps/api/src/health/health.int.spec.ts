import { startTestApi, TEST_REDIS_URL, type TestApi } from '../../test/harness';

describe('GET /health', () => {
  let api: TestApi;

  afterEach(async () => {
    await api.close();
  });

  it('answers 200 when PostgreSQL and Redis answer, with a request id', async () => {
    api = await startTestApi();
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: 'ok' },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    expect(TEST_REDIS_URL).toBeTruthy();
    api = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1' });
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unavailable');
    expect(body.checks.database).toBe('ok');
    expect(body.checks.redis).toMatch(/^unreachable/);
  });
});
