import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HealthEndpoints } from '../endpoints/health.endpoints';
import { OrgEndpoints } from '../endpoints/orgs.endpoints';
import { RunEndpoints } from '../endpoints/runs.endpoints';
import { TargetEndpoints } from '../endpoints/targets.endpoints';
import { ApiError } from './api-error';
import { ContractClient } from './contract-client';
import {
  sendJson as json,
  startFakeApi,
  type FakeApi,
  type FakeApiHandler,
} from './testing/fake-api';

let api: FakeApi;
let baseUrl: string;
let seen: FakeApi['seen'];
let handler: FakeApiHandler;

beforeAll(async () => {
  api = await startFakeApi();
  api.answer((request, response) => handler(request, response));
  baseUrl = `${api.url}/api`;
  seen = api.seen;
});

beforeEach(() => {
  seen.length = 0;
});

afterAll(() => api.close());

const HEALTHY = { status: 'ok', checks: { database: 'ok', redis: 'ok' } };
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('ContractClient against a real HTTP server', () => {
  it("calls the endpoint's method and path and parses the answer with its response schema", async () => {
    handler = (_request, response) => json(response, 200, HEALTHY);
    const client = new ContractClient({ baseUrl });
    await expect(client.call(HealthEndpoints.check)).resolves.toEqual(HEALTHY);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/health', body: '' });
    expect(seen[0]?.headers.accept).toBe('application/json');
  });

  it('fills path parameters, sends the query without unset values and the body as JSON', async () => {
    handler = (_request, response) => response.writeHead(204).end();
    const client = new ContractClient({ baseUrl: `${baseUrl}/` });
    await client.call(TargetEndpoints.list, { query: { name: 'orders api', cursor: undefined } });
    await client.call(TargetEndpoints.delete, { params: { id: 'a/b' } });
    await client.call(RunEndpoints.cancel, { params: { id: 'r1' } });
    await client.call(OrgEndpoints.createOrg, { body: { name: 'Acme' } });
    expect(seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'GET', url: '/api/targets?name=orders+api', body: '' },
      { method: 'DELETE', url: '/api/targets/a%2Fb', body: '' },
      // An action whose body is the empty object still sends one: the API refuses junk there.
      { method: 'POST', url: '/api/runs/r1/cancel', body: '{}' },
      { method: 'POST', url: '/api/orgs', body: '{"name":"Acme"}' },
    ]);
    expect(seen[3]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.headers['content-type']).toBeUndefined();
  });

  it("adds the client's headers to every request and the call's own over them", async () => {
    handler = (_request, response) => json(response, 200, HEALTHY);
    const client = new ContractClient({
      baseUrl,
      headers: (endpoint) => ({ Authorization: 'Bearer k', 'X-Method': endpoint.method }),
    });
    await client.call(HealthEndpoints.check, { headers: { Authorization: 'Bearer other' } });
    expect(seen[0]?.headers).toMatchObject({ authorization: 'Bearer other', 'x-method': 'GET' });
  });

  it("turns the API's error body into an ApiError with its status, code, message, request id and details", async () => {
    handler = (_request, response) =>
      json(response, 400, {
        error: {
          code: 'validation_failed',
          message: 'the body is not valid',
          requestId: 'req-7',
          details: { issues: [{ path: 'body.name', message: 'is required' }] },
        },
      });
    const error = await errorOf(
      new ContractClient({ baseUrl }).call(OrgEndpoints.createOrg, { body: { name: '' } }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'the body is not valid',
      requestId: 'req-7',
      details: { issues: [{ path: 'body.name', message: 'is required' }] },
    });
  });

  it('keeps the Retry-After of an answer that asks to wait', async () => {
    handler = (_request, response) =>
      json(
        response,
        429,
        { error: { code: 'rate_limited', message: 'too many requests', requestId: 'req-3' } },
        { 'Retry-After': '7' },
      );
    const error = await errorOf(new ContractClient({ baseUrl }).call(HealthEndpoints.check));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 7 });
  });

  it('keeps a code it does not know: the server may be newer than the client', async () => {
    handler = (_request, response) =>
      json(response, 409, {
        error: { code: 'brand_new_code', message: 'something new', requestId: 'req-8' },
      });
    const error = await errorOf(new ContractClient({ baseUrl }).call(HealthEndpoints.check));
    expect(error).toMatchObject({ status: 409, code: 'brand_new_code', message: 'something new' });
  });

  it('falls back to the status and the X-Request-Id header for a body that is not the error shape', async () => {
    handler = (_request, response) => {
      response.writeHead(502, { 'X-Request-Id': 'req-proxy' });
      response.end('<html>bad gateway</html>');
    };
    const error = (await errorOf(
      new ContractClient({ baseUrl }).call(HealthEndpoints.check),
    )) as ApiError;
    expect(error).toMatchObject({ status: 502, code: 'http_502', requestId: 'req-proxy' });
    expect(error.message).toMatch(/^The API answered 502/);
  });

  it('refuses a success that does not match the response schema, or is not JSON', async () => {
    handler = (_request, response) =>
      json(response, 200, { status: 'fine' }, { 'X-Request-Id': 'req-9' });
    const client = new ContractClient({ baseUrl });
    await expect(client.call(HealthEndpoints.check)).rejects.toMatchObject({
      code: 'bad_response',
      requestId: 'req-9',
    });
    handler = (_request, response) => response.writeHead(200).end('not json');
    await expect(client.call(HealthEndpoints.check)).rejects.toMatchObject({
      code: 'bad_response',
    });
  });

  it('shows every error to onError before throwing it', async () => {
    handler = (_request, response) =>
      json(response, 401, {
        error: { code: 'unauthenticated', message: 'sign in first', requestId: 'req-1' },
      });
    const errors: ApiError[] = [];
    const client = new ContractClient({ baseUrl, onError: (error) => errors.push(error) });
    const error = await errorOf(client.call(OrgEndpoints.listOrgs));
    expect(errors).toEqual([error]);
    expect(errors[0]?.isUnauthenticated).toBe(true);
  });

  it('says the API could not be reached when nothing listens (status 0), keeping the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = (await errorOf(
      new ContractClient({ baseUrl: `http://127.0.0.1:${port}` }).call(HealthEndpoints.check),
    )) as ApiError;
    expect(error).toMatchObject({ status: 0, code: 'network', requestId: null });
    expect(error.cause).toMatchObject({ message: 'fetch failed' });
  });

  it("rethrows the caller's own abort as it came, not as an ApiError", async () => {
    let answer: ServerResponse | undefined;
    const arrived = new Promise<void>((resolve) => {
      handler = (_request, response) => {
        answer = response;
        resolve();
      };
    });
    const controller = new AbortController();
    const call = new ContractClient({ baseUrl }).call(HealthEndpoints.check, {
      signal: controller.signal,
    });
    await arrived;
    controller.abort(new Error('left the page'));
    await expect(call).rejects.toThrow('left the page');
    answer?.destroy();
  });

  it('gives the raw answer of a download', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end('<testsuites/>');
    };
    const response = await new ContractClient({ baseUrl }).send(RunEndpoints.report, {
      params: { id: 'r1' },
      query: { format: 'junit' },
      headers: { Accept: '*/*' },
    });
    await expect(response.text()).resolves.toBe('<testsuites/>');
    expect(seen[0]).toMatchObject({ url: '/api/runs/r1/report?format=junit' });
    expect(seen[0]?.headers.accept).toBe('*/*');
  });

  it('types parameters, query and body from the endpoint (the typecheck fails otherwise)', async () => {
    handler = (_request, response) => response.writeHead(204).end();
    const client = new ContractClient({ baseUrl });
    // @ts-expect-error the run id is required
    await expect(client.call(RunEndpoints.get)).rejects.toThrow('needs the path parameter id');
    // @ts-expect-error the parameter is `id`, as in the path template
    await expect(client.call(RunEndpoints.get, { params: { runId: 'r1' } })).rejects.toThrow();
    // @ts-expect-error no run has this status
    await client.call(RunEndpoints.list, { query: { status: 'paused' } });
    // @ts-expect-error a role the API does not have
    await client.call(OrgEndpoints.updateMember, { params: { id: 'm' }, body: { role: 'boss' } });
    // @ts-expect-error a GET takes no body
    await client.call(HealthEndpoints.check, { body: {} });
    expect(seen.map((request) => request.url)).toEqual([
      '/api/runs?status=paused',
      '/api/members/m',
      '/api/health',
    ]);
  });
});
