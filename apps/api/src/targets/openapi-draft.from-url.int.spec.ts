import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { call, errorOf, signUpWithOrg, type SessionCaller } from '../../test/client';
import { startTestApi, type TestApi } from '../../test/harness';
import { fixedResolver } from '../../test/resolvers';

interface LocalServer {
  url: string;
  /** Requests and connections it saw, and what the endless route wrote before it was closed. */
  seen: { requests: string[]; connections: number; endlessBytes: number; endlessClosedAt?: number };
  close(): Promise<void>;
}

type Route = (
  request: IncomingMessage,
  response: ServerResponse,
  seen: LocalServer['seen'],
) => void;

/** A real HTTP server on `host` (127.0.0.2 is loopback too, and the test env allowlists only .1). */
async function serve(host: string, routes: Record<string, Route>): Promise<LocalServer> {
  const seen: LocalServer['seen'] = { requests: [], connections: 0, endlessBytes: 0 };
  const server: Server = createServer((request, response) => {
    seen.requests.push(request.url ?? '');
    const route = routes[request.url ?? ''];
    if (route) route(request, response, seen);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('no such document');
  });
  server.on('connection', () => (seen.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const JSON_DOCUMENT = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Served JSON', version: '1' },
  servers: [{ url: '/' }],
  paths: {
    '/things': {
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { name: { type: 'string' } } },
              example: { name: 'a' },
            },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
  },
});

const YAML_DOCUMENT = [
  'openapi: 3.0.3',
  'info: { title: Served YAML, version: "1" }',
  'servers: [{ url: /v2 }]',
  'paths:',
  '  /orders:',
  '    post:',
  '      requestBody:',
  '        content:',
  '          application/json:',
  '            schema: { type: object, properties: { sku: { type: string } } }',
  '            example: { sku: x1 }',
  '      responses: { "201": { description: created } }',
  '',
].join('\n');

const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** Writes 64 KB chunks for as long as the client reads them, and notes when it hangs up. */
const endless: Route = (request, response, seen) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.on('close', () => (seen.endlessClosedAt = Date.now()));
  const pump = () => {
    while (!response.destroyed) {
      seen.endlessBytes += CHUNK.length;
      if (!response.write(CHUNK)) return void response.once('drain', pump);
    }
  };
  pump();
};

describe('POST /targets/openapi-draft { url } downloads through the SSRF guard', () => {
  let api: TestApi;
  let member: SessionCaller;
  let docs: LocalServer;
  let blocked: LocalServer;

  const draft = (body: Record<string, unknown>) =>
    call<{
      config: { target: { name: string; baseUrl: string }; routes: unknown[] };
      warnings: string[];
      error: { message: string; details: { url?: string; status?: number; field?: string } };
    }>(api, member, 'POST', '/targets/openapi-draft', { body });

  beforeAll(async () => {
    // docs.test is 127.0.0.1 (allowlisted), blocked.test 127.0.0.2 (not); hang.test never
    // answers, anything else has no address.
    api = await startTestApi(
      {},
      { resolver: fixedResolver({ 'docs.test': '127.0.0.1', 'blocked.test': '127.0.0.2' }) },
    );
    member = await signUpWithOrg(api, 'Url drafts');
    blocked = await serve('127.0.0.2', {
      '/openapi.json': (_, response) => response.end(JSON_DOCUMENT),
    });
    docs = await serve('127.0.0.1', {
      '/openapi.json': (_, response) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON_DOCUMENT),
      // YAML is recognised by its content, whatever the content type says.
      '/spec': (_, response) =>
        response.writeHead(200, { 'content-type': 'text/plain' }).end(YAML_DOCUMENT),
      '/moved': (_, response) => response.writeHead(302, { location: '/spec' }).end(),
      '/to-blocked': (_, response) =>
        response.writeHead(302, { location: `${blocked.url}/openapi.json` }).end(),
      '/page': (_, response) =>
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'),
      '/to-nowhere': (_, response) =>
        response.writeHead(301, { location: 'http://nowhere.example.test/openapi.json' }).end(),
      '/loop': (_, response) => response.writeHead(307, { location: '/loop' }).end(),
      '/endless': endless,
      '/declared-large': (_, response) => {
        response.writeHead(200, { 'content-length': String(3 * 1024 * 1024) });
        response.write(CHUNK);
      },
      // Never answers, or answers and then stops sending: the API gives up after 10 s.
      '/slow': () => undefined,
      '/stalls': (_, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"openapi": "3.0.3", ');
      },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([docs?.close(), blocked?.close()]);
    await api?.close();
  });

  it('drafts a JSON document, its relative server resolved against the URL', async () => {
    const answer = await draft({ url: `${docs.url}/openapi.json` });
    expect(answer.status).toBe(200);
    expect(answer.body.config.target).toMatchObject({ name: 'Served JSON', baseUrl: docs.url });
    expect(answer.body.config.routes).toHaveLength(1);
  });

  it('drafts a YAML document behind a redirect, with the overrides', async () => {
    const answer = await draft({ url: `${docs.url}/moved`, name: 'orders' });
    expect(answer.status).toBe(200);
    expect(answer.body.config.target).toEqual(
      expect.objectContaining({ name: 'orders', baseUrl: `${docs.url}/v2` }),
    );
    const overridden = await draft({ url: `${docs.url}/spec`, baseUrl: 'https://api.example.com' });
    expect(overridden.body.config.target.baseUrl).toBe('https://api.example.com');
  });

  it('refuses a redirect to a blocked address, and the blocked server sees nothing', async () => {
    const answer = await draft({ url: `${docs.url}/to-blocked` });
    expect(errorOf(answer)).toEqual({ status: 400, code: 'url_not_allowed' });
    expect(answer.body.error.message).toMatch(/^body\.url: 127\.0\.0\.2 is a loopback address/);
    expect(answer.body.error.details.url).toBe(`${blocked.url}/openapi.json`);
    const direct = await draft({ url: `${blocked.url}/openapi.json` });
    expect(errorOf(direct)).toEqual({ status: 400, code: 'url_not_allowed' });
    expect(blocked.seen).toMatchObject({ requests: [], connections: 0 });
  });

  it('stops after 5 redirects', async () => {
    const before = docs.seen.requests.length;
    const answer = await draft({ url: `${docs.url}/loop` });
    expect(errorOf(answer)).toEqual({ status: 422, code: 'document_fetch_failed' });
    expect(answer.body.error.message).toContain('redirected more than 5 times');
    expect(docs.seen.requests.length - before).toBe(6);
  });

  it('stops reading an endless body past 2 MB', async () => {
    const started = Date.now();
    const answer = await draft({ url: `${docs.url}/endless` });
    expect(errorOf(answer)).toEqual({ status: 422, code: 'document_too_large' });
    expect(answer.body.error.message).toContain('larger than 2097152 bytes');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The connection was closed: the server stopped writing soon after the cap (socket buffers).
    expect(docs.seen.endlessClosedAt).toBeDefined();
    expect(docs.seen.endlessClosedAt! - started).toBeLessThan(5_000);
    process.stdout.write(
      `endless body: the server wrote ${docs.seen.endlessBytes} bytes before the API hung up\n`,
    );
    expect(docs.seen.endlessBytes).toBeLessThan(16 * 1024 * 1024);
    const declared = await draft({ url: `${docs.url}/declared-large` });
    expect(errorOf(declared)).toEqual({ status: 422, code: 'document_too_large' });
    expect(declared.body.error.message).toContain('3145728 bytes; the limit is 2097152');
  });

  it('names the upstream status of a 404, and a refused connection', async () => {
    const answer = await draft({ url: `${docs.url}/missing.json` });
    expect(errorOf(answer)).toEqual({ status: 422, code: 'document_fetch_failed' });
    expect(answer.body.error.details.status).toBe(404);
    expect(answer.body.error.message).toContain('the server answered 404');
    const closed = await serve('127.0.0.1', {});
    await closed.close();
    const refused = await draft({ url: `${closed.url}/openapi.json` });
    expect(errorOf(refused)).toEqual({ status: 422, code: 'host_unreachable' });
    expect(refused.body.error.message).toContain('ECONNREFUSED');
  });

  it('gives up on a server that does not answer, or stops sending, within 10 s', async () => {
    const started = Date.now();
    const [silent, stalled] = await Promise.all([
      draft({ url: `${docs.url}/slow` }),
      draft({ url: `${docs.url}/stalls` }),
    ]);
    const tookMs = Date.now() - started;
    for (const answer of [silent, stalled]) {
      expect(errorOf(answer)).toEqual({ status: 422, code: 'document_fetch_failed' });
      expect(answer.body.error.message).toContain('no complete answer within 10 s');
    }
    expect(tookMs).toBeGreaterThanOrEqual(9_900);
    expect(tookMs).toBeLessThan(13_000);
  }, 30_000);

  it('resolves names through the guard: found, blocked, missing, silent', async () => {
    const port = new URL(docs.url).port;
    const named = await draft({ url: `http://docs.test:${port}/openapi.json` });
    expect(named.status).toBe(200);
    expect(named.body.config.target.baseUrl).toBe(`http://docs.test:${port}`);
    const cases: [string, number, string, RegExp][] = [
      [
        `http://blocked.test:${port}/`,
        400,
        'url_not_allowed',
        /blocked\.test resolves to 127\.0\.0\.2/,
      ],
      ['http://nowhere.example.test/x.json', 422, 'host_not_found', /nowhere\.example\.test/],
      [`${docs.url}/to-nowhere`, 422, 'host_not_found', /nowhere\.example\.test/],
      ['http://hang.test/openapi.json', 422, 'host_unreachable', /did not resolve within 5 s/],
    ];
    for (const [url, status, code, message] of cases) {
      const answer = await draft({ url });
      expect({ url, ...errorOf(answer) }).toEqual({ url, status, code });
      expect(answer.body.error.message).toMatch(message);
    }
  }, 30_000);

  it('takes exactly one of document and url, naming the field', async () => {
    const both = await draft({ document: YAML_DOCUMENT, url: `${docs.url}/spec` });
    expect(errorOf(both)).toEqual({ status: 400, code: 'validation_failed' });
    expect(both.body.error.message).toContain('body.url');
    const neither = await draft({ name: 'x' });
    expect(errorOf(neither)).toEqual({ status: 400, code: 'validation_failed' });
    expect(neither.body.error.message).toContain('body.document');
    const ftp = await draft({ url: 'ftp://127.0.0.1/openapi.json' });
    expect(errorOf(ftp)).toEqual({ status: 400, code: 'validation_failed' });
    expect(ftp.body.error.message).toContain('must be an http:// or https:// URL');
  });

  it("reports a downloaded document's own problems under body.url", async () => {
    const answer = await draft({ url: `${docs.url}/page` });
    expect(errorOf(answer)).toEqual({ status: 400, code: 'invalid_openapi' });
    expect(answer.body.error.message).toMatch(/^body\.url: /);
  });
});

describe('POST /targets/openapi-draft { url } is rate-limited before anything is downloaded', () => {
  let api: TestApi;
  let docs: LocalServer;

  beforeAll(async () => {
    api = await startTestApi({ RATE_LIMIT_PRINCIPAL_PER_MINUTE: '6' });
    docs = await serve('127.0.0.1', {
      '/openapi.json': (_, response) => response.end(JSON_DOCUMENT),
    });
  }, 120_000);

  afterAll(async () => {
    await docs?.close();
    await api?.close();
  });

  it('answers 429 past the limit, and the refused drafts download nothing', async () => {
    const member = await signUpWithOrg(api, 'Limited');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const answer = await call(api, member, 'POST', '/targets/openapi-draft', {
        body: { url: `${docs.url}/openapi.json` },
      });
      statuses.push(answer.status);
    }
    const drafted = statuses.filter((status) => status === 200).length;
    expect(statuses).toContain(429);
    expect(drafted).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(docs.seen.requests).toHaveLength(drafted);
  }, 60_000);
});
