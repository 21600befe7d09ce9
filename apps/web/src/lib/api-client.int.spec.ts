/**
 * @jest-environment node
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SessionResponseSchema } from '@shakedown/core/contract';
import { z } from 'zod';

import { ApiClient, ApiError } from './api-client';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

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

describe('ApiClient against a real HTTP server', () => {
  it('parses an answer with the contract schema', async () => {
    handler = (_request, _body, response) => json(response, 200, session);
    const client = new ApiClient({ baseUrl });
    await expect(
      client.request('GET', '/auth/session', { schema: SessionResponseSchema }),
    ).resolves.toEqual(session);
  });

  it('sends the CSRF token on writes only, and the organisation on everything', async () => {
    const seen: {
      method?: string;
      csrf?: string | string[];
      org?: string | string[];
      type?: string;
      body: string;
    }[] = [];
    handler = (request, body, response) => {
      seen.push({
        method: request.method,
        csrf: request.headers['x-csrf-token'],
        org: request.headers['x-org-id'],
        type: request.headers['content-type'],
        body,
      });
      response.writeHead(204).end();
    };
    const client = new ApiClient({ baseUrl });
    client.setCsrfToken('csrf-1');
    client.setOrgId('org-1');
    await client.request('GET', '/targets', { query: { limit: 5, cursor: undefined } });
    await client.request('POST', '/targets', { body: { a: 1 } });
    expect(seen).toEqual([
      { method: 'GET', csrf: undefined, org: 'org-1', type: undefined, body: '' },
      { method: 'POST', csrf: 'csrf-1', org: 'org-1', type: 'application/json', body: '{"a":1}' },
    ]);
  });

  it("turns the API's error body into an ApiError with its code, message and request id", async () => {
    handler = (_request, _body, response) =>
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
      );
    const client = new ApiClient({ baseUrl });
    const error = await client.request('POST', '/targets', { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'target_name_taken',
      message: 'the organisation already has a target named demo',
      requestId: 'req-42',
    });
  });

  it('keeps validation issues for the form to show', async () => {
    handler = (_request, _body, response) =>
      json(response, 400, {
        error: {
          code: 'validation_failed',
          message: 'the body is not valid',
          requestId: 'req-7',
          details: { issues: [{ path: 'body.email', message: 'must be an email address' }] },
        },
      });
    const error = (await new ApiClient({ baseUrl })
      .request('POST', '/auth/sign-up', { body: {} })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.details?.issues).toEqual([
      { path: 'body.email', message: 'must be an email address' },
    ]);
  });

  it('falls back to the status and the X-Request-Id header for a body that is not the error shape', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(502, { 'X-Request-Id': 'req-proxy' });
      response.end('<html>bad gateway</html>');
    };
    const error = (await new ApiClient({ baseUrl })
      .request('GET', '/targets')
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 502, code: 'http_502', requestId: 'req-proxy' });
    expect(error.message).toMatch(/^The API answered 502/);
  });

  it('tells its listeners when the session has expired', async () => {
    handler = (_request, _body, response) =>
      json(response, 401, {
        error: { code: 'unauthenticated', message: 'sign in first', requestId: 'req-1' },
      });
    const client = new ApiClient({ baseUrl });
    const expired = jest.fn();
    const stop = client.onUnauthenticated(expired);
    await expect(client.request('GET', '/targets')).rejects.toMatchObject({
      isUnauthenticated: true,
    });
    expect(expired).toHaveBeenCalledTimes(1);
    stop();
    await expect(client.request('GET', '/targets')).rejects.toBeInstanceOf(ApiError);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('does not treat wrong credentials as an expired session', async () => {
    handler = (_request, _body, response) =>
      json(response, 401, {
        error: {
          code: 'invalid_credentials',
          message: 'wrong email or password',
          requestId: 'req-2',
        },
      });
    const client = new ApiClient({ baseUrl });
    const expired = jest.fn();
    client.onUnauthenticated(expired);
    await expect(client.request('POST', '/auth/sign-in', { body: {} })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(expired).not.toHaveBeenCalled();
  });

  it('refuses an answer that does not match the contract', async () => {
    handler = (_request, _body, response) =>
      json(response, 200, { user: 'nobody' }, { 'X-Request-Id': 'req-9' });
    const error = (await new ApiClient({ baseUrl })
      .request('GET', '/auth/session', { schema: SessionResponseSchema })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ code: 'bad_response', requestId: 'req-9' });
  });

  it('says the API could not be reached when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = (await new ApiClient({ baseUrl: `http://127.0.0.1:${port}` })
      .request('GET', '/health', { schema: z.object({}) })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 0, code: 'network' });
  });
});
