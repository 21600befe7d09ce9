/**
 * @jest-environment node
 */
import {
  ApiError,
  AuthEndpoints,
  HealthEndpoints,
  RunEndpoints,
  TargetEndpoints,
} from '@shakedown/core/contract';
import {
  sendJson as json,
  startFakeApi,
  type FakeApi,
} from '@shakedown/core/contract/client/testing/fake-api';

import { ApiClient } from './api-client';

let api: FakeApi;
let baseUrl: string;

beforeAll(async () => {
  api = await startFakeApi();
  baseUrl = api.url;
});

beforeEach(() => {
  api.seen.length = 0;
});

afterAll(() => api.close());

const session = {
  user: {
    id: '0190a000-0000-7000-8000-000000000001',
    email: 'a@example.com',
    name: 'A',
    createdAt: '2026-11-28T14:00:00.000Z',
  },
  csrfToken: 'csrf-1',
  expiresAt: '2026-12-28T14:00:00.000Z',
  memberships: [],
};

// The error shapes, parsing and transport failures are core's ContractClient's, tested in
// packages/core/src/contract/client; this covers what the dashboard's wrapper adds.
describe('ApiClient against a real HTTP server', () => {
  it('parses an answer with the contract schema', async () => {
    api.answer((_request, response) => json(response, 200, session));
    const client = new ApiClient({ baseUrl });
    await expect(client.call(AuthEndpoints.session)).resolves.toEqual(session);
  });

  it('sends the CSRF token on writes only, and the organisation on everything', async () => {
    api.answer((_request, response) => response.writeHead(204).end());
    const client = new ApiClient({ baseUrl });
    client.setCsrfToken('csrf-1');
    client.setOrgId('org-1');
    await client.call(TargetEndpoints.list, { query: { limit: 5, cursor: undefined } });
    await client.call(TargetEndpoints.create, { body: { a: 1 } });
    await client.call(RunEndpoints.cancel, { orgId: 'org-2', params: { id: 'run-1' } });
    const seen = api.seen.map(({ method, url, headers, body }) => ({
      method,
      url,
      csrf: headers['x-csrf-token'],
      org: headers['x-org-id'],
      type: headers['content-type'],
      body,
    }));
    expect(seen).toEqual([
      {
        method: 'GET',
        url: '/targets?limit=5',
        csrf: undefined,
        org: 'org-1',
        type: undefined,
        body: '',
      },
      {
        method: 'POST',
        url: '/targets',
        csrf: 'csrf-1',
        org: 'org-1',
        type: 'application/json',
        body: '{"a":1}',
      },
      // A query function acts in the organisation of its key, whatever is chosen now.
      {
        method: 'POST',
        url: '/runs/run-1/cancel',
        csrf: 'csrf-1',
        org: 'org-2',
        type: 'application/json',
        body: '{}',
      },
    ]);
  });

  it("turns the API's error body into core's ApiError", async () => {
    api.answer((_request, response) =>
      json(
        response,
        409,
        {
          error: {
            code: 'target_name_taken',
            message: 'the organisation already has a target named demo',
            requestId: 'req-42',
          },
        },
        { 'X-Request-Id': 'req-42' },
      ),
    );
    const client = new ApiClient({ baseUrl });
    const error = await client.call(TargetEndpoints.create, { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'target_name_taken', requestId: 'req-42' });
  });

  it('tells its listeners when the session has expired', async () => {
    api.answer((_request, response) =>
      json(response, 401, {
        error: { code: 'unauthenticated', message: 'sign in first', requestId: 'req-1' },
      }),
    );
    const client = new ApiClient({ baseUrl });
    const expired = jest.fn();
    const stop = client.onUnauthenticated(expired);
    await expect(client.call(HealthEndpoints.check)).rejects.toMatchObject({
      isUnauthenticated: true,
    });
    expect(expired).toHaveBeenCalledTimes(1);
    stop();
    await expect(client.call(HealthEndpoints.check)).rejects.toBeInstanceOf(ApiError);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('does not treat wrong credentials as an expired session', async () => {
    api.answer((_request, response) =>
      json(response, 401, {
        error: {
          code: 'invalid_credentials',
          message: 'wrong email or password',
          requestId: 'req-2',
        },
      }),
    );
    const client = new ApiClient({ baseUrl });
    const expired = jest.fn();
    client.onUnauthenticated(expired);
    await expect(
      client.call(AuthEndpoints.signIn, { body: { email: 'a@example.com', password: 'x' } }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(expired).not.toHaveBeenCalled();
  });
});
