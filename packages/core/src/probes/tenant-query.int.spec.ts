import { runSuite, statuses } from '../../test/targets/run-probe';
import { startTarget, type RunningTarget } from '../../test/targets/start-target';

describe('tenants whose key goes in the query (tenants.<name>.query)', () => {
  let target: RunningTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  async function start(acceptAnonymous: boolean) {
    const keys = new Set(['key-alice-123456', 'key-bob-654321']);
    target = await startTarget((request, response) => {
      const key = new URL(request.url ?? '/', 'http://x').searchParams.get('api_key');
      if (!acceptAnonymous && (key === null || !keys.has(key))) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"key"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
    });
    return runSuite(
      {
        version: 1,
        target: {
          name: 'query-keys',
          baseUrl: target.url,
          tenants: {
            alice: { query: { api_key: 'key-alice-123456' } },
            bob: { query: { api_key: 'key-bob-654321' } },
          },
        },
        routes: [{ id: 'list', method: 'GET', path: '/things?page=1' }],
      },
      ['tenant', 'errors'],
    );
  }

  it('sends each tenant its key, and finds a route that answers without one', async () => {
    const keyed = await start(false);
    expect(statuses(keyed, ['auth.missing'], 'list')).toEqual({ 'auth.missing': 'passed' });
    const sent = target!.seen.map((request) => request.url);
    expect(sent).toContain('/things?page=1&api_key=key-alice-123456');
    expect(sent).toContain('/things?page=1');
    await target!.close();
    const open = await start(true);
    expect(statuses(open, ['auth.missing'], 'list')).toEqual({ 'auth.missing': 'failed' });
    expect(JSON.stringify(open)).not.toContain('key-alice-123456');
  });
});
