import type { Db } from '@shakedown/db';

import {
  anonymous,
  call,
  errorOf,
  keyCaller,
  PASSWORD,
  signUp,
  signUpWithOrg,
  uniqueEmail,
  type Caller,
} from '../test/client';
import { isWrite, pathFor, validBodyFor } from '../test/endpoint-samples';
import { startTestApi, type TestApi } from '../test/harness';
import { buildOrgWorld, configDocument, openDb, rowCounts, type OrgWorld } from '../test/world';
import type { EndpointSpec } from '@shakedown/core/contract';
import { collectEndpoints } from './openapi/openapi-document';

describe('input hardening of every write endpoint', () => {
  let api: TestApi;
  let db: Db;
  let a: OrgWorld;
  let writes: EndpointSpec[];

  beforeAll(async () => {
    api = await startTestApi();
    db = openDb(api);
    a = await buildOrgWorld(api, db, 'alpha');
    writes = collectEndpoints(api.app).filter(isWrite);
  }, 180_000);

  afterAll(async () => {
    await db.$disconnect();
    await api.close();
  });

  const callerFor = (spec: EndpointSpec): Caller =>
    spec.access === 'public' ? anonymous : a.owner;

  it('refuses unknown keys with a 400 naming them, and stores nothing', async () => {
    const before = await rowCounts(db);
    for (const spec of writes) {
      const body = { ...(validBodyFor(spec) as object), isAdmin: true };
      const answer = await call<{ error: { details?: { issues?: { path: string }[] } } }>(
        api,
        callerFor(spec),
        spec.method,
        pathFor(spec, a.ids),
        { body },
      );
      const route = `${spec.method} ${spec.path}`;
      expect({ route, ...errorOf(answer) }).toEqual({
        route,
        status: 400,
        code: spec.serviceValidates ? 'invalid_config' : 'validation_failed',
      });
      const paths = answer.body.error.details?.issues?.map((issue) => issue.path) ?? [];
      expect({ route, named: paths.some((path) => path.endsWith('isAdmin')) }).toEqual({
        route,
        named: true,
      });
    }
    expect(await rowCounts(db)).toEqual(before);
  });

  it('answers 413 past 64 KB (2 MB for configs and OpenAPI uploads), and stores nothing', async () => {
    const before = await rowCounts(db);
    for (const spec of writes) {
      const size = spec.largeBody ? 2 * 1024 * 1024 + 10 : 64 * 1024 + 10;
      const answer = await call(api, callerFor(spec), spec.method, pathFor(spec, a.ids), {
        rawBody: JSON.stringify({ pad: 'x'.repeat(size) }),
        headers: { 'Content-Type': 'application/json' },
      });
      const route = `${spec.method} ${spec.path}`;
      expect({ route, ...errorOf(answer) }).toEqual({
        route,
        status: 413,
        code: 'payload_too_large',
      });
    }
    // The large limit is real: 100 KB reaches the config validation.
    const config = await call(api, a.owner, 'POST', '/targets', {
      body: { ...configDocument('padded'), pad: 'x'.repeat(100 * 1024) },
    });
    expect(errorOf(config)).toEqual({ status: 400, code: 'invalid_config' });
    expect(await rowCounts(db)).toEqual(before);
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    const chunk = new TextEncoder().encode(`"${'y'.repeat(16 * 1024)}",`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('['));
        if (sent >= 10) {
          controller.enqueue(new TextEncoder().encode('"end"]'));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += 1;
      },
    });
    const response = await fetch(`${api.baseUrl}/webhooks`, {
      method: 'POST',
      headers: { ...a.owner.headers('POST'), 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    });
    const text = await response.text();
    expect(
      errorOf({ status: response.status, headers: response.headers, text, body: JSON.parse(text) }),
    ).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
  });

  it('answers malformed JSON 400, another media type 415, deep nesting 400', async () => {
    const malformed = await call(api, a.owner, 'POST', '/webhooks', {
      rawBody: '{"url": "http://127.0.0.1:9/x", "events": [',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(errorOf(malformed)).toEqual({ status: 400, code: 'invalid_json' });
    const text = await call(api, a.owner, 'POST', '/webhooks', {
      rawBody: 'url=http://127.0.0.1:9/x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(errorOf(text)).toEqual({ status: 415, code: 'unsupported_media_type' });
    const deep = await call(api, a.owner, 'POST', '/targets', {
      rawBody: `${'['.repeat(5000)}${']'.repeat(5000)}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(errorOf(deep)).toEqual({ status: 400, code: 'body_too_deep' });
    const array = await call(api, a.owner, 'POST', '/webhooks', { body: [1, 2] });
    expect(errorOf(array)).toEqual({ status: 400, code: 'validation_failed' });
    // A JSON null is a body (found by the property test): not mistaken for "no body".
    const nullBody = await call(api, a.owner, 'POST', `/runs/${a.ids.run}/cancel`, {
      body: null,
      rawBody: 'null',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(errorOf(nullBody)).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('replays a sequential retry with the same Idempotency-Key identically', async () => {
    const body = { url: 'http://127.0.0.1:9/replayed', events: ['run.failed'] };
    const headers = { 'Idempotency-Key': 'replay-key-1' };
    const first = await call(api, a.owner, 'POST', '/webhooks', { body, headers });
    const second = await call(api, a.owner, 'POST', '/webhooks', { body, headers });
    const third = await call(api, a.owner, 'POST', '/webhooks', {
      body: { events: ['run.failed'], url: body.url },
      headers,
    });
    expect(first.status).toBe(201);
    expect([second.status, third.status]).toEqual([201, 201]);
    expect(second.text).toBe(first.text);
    expect(third.text).toBe(first.text);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await db.webhookEndpoint.count({ where: { orgId: a.orgId, url: body.url } })).toBe(1);
  });

  it('creates exactly one object from 8 parallel requests with one key', async () => {
    const body = configDocument('parallel-orders');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        call<{ id?: string }>(api, a.owner, 'POST', '/targets', {
          body,
          headers: { 'Idempotency-Key': 'parallel-key' },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(statuses).toContain(201);
    for (const conflict of answers.filter((answer) => answer.status === 409)) {
      expect(errorOf(conflict)).toEqual({ status: 409, code: 'idempotency_in_progress' });
    }
    const created = new Set(
      answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id),
    );
    expect(created.size).toBe(1);
    expect(await db.target.count({ where: { orgId: a.orgId, name: 'parallel-orders' } })).toBe(1);
  });

  it('answers 422 to a key reused with another body, and scopes keys to the organisation', async () => {
    const headers = { 'Idempotency-Key': 'reused-key' };
    const first = await call(api, a.owner, 'POST', '/api-keys', {
      body: { name: 'first' },
      headers,
    });
    expect(first.status).toBe(201);
    const reuse = await call(api, a.owner, 'POST', '/api-keys', {
      body: { name: 'second' },
      headers,
    });
    expect(errorOf(reuse)).toEqual({ status: 422, code: 'idempotency_key_reused' });
    const otherEndpoint = await call(api, a.owner, 'POST', '/invitations', {
      body: { email: uniqueEmail(), role: 'member' },
      headers,
    });
    expect(errorOf(otherEndpoint)).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(
      await db.apiKey.count({ where: { orgId: a.orgId, name: { in: ['first', 'second'] } } }),
    ).toBe(1);
    const otherOrg = await signUpWithOrg(api, 'other');
    const theirs = await call<{ apiKey: { id: string } }>(api, otherOrg, 'POST', '/api-keys', {
      body: { name: 'first' },
      headers,
    });
    expect(theirs.status).toBe(201);
    expect(theirs.text).not.toBe(first.text);
  });

  it('releases the key of a refused request and refuses malformed keys', async () => {
    const headers = { 'Idempotency-Key': 'after-a-400' };
    const refused = await call(api, a.owner, 'POST', '/webhooks', {
      body: { url: 'nope', events: [] },
      headers,
    });
    expect(errorOf(refused)).toEqual({ status: 400, code: 'validation_failed' });
    const accepted = await call(api, a.owner, 'POST', '/webhooks', {
      body: { url: 'http://127.0.0.1:9/after', events: ['run.completed'] },
      headers,
    });
    expect(accepted.status).toBe(201);
    const tooLong = await call(api, a.owner, 'POST', '/webhooks', {
      body: { url: 'http://127.0.0.1:9/after', events: ['run.completed'] },
      headers: { 'Idempotency-Key': 'k'.repeat(300) },
    });
    expect(errorOf(tooLong)).toEqual({ status: 400, code: 'idempotency_key_invalid' });
  });

  it('sends security headers, hides the framework and never answers with a stack trace', async () => {
    const answer = await call(api, a.owner, 'GET', '/targets');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(answer.headers.get('x-powered-by')).toBeNull();
    const broken = await call(api, a.owner, 'GET', '/runs?cursor=%E0%A4%A');
    expect(errorOf(broken).status).toBe(400);
  });
});

describe('rate limits', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '3',
      RATE_LIMIT_PRINCIPAL_PER_MINUTE: '5',
      RATE_LIMIT_ORG_PER_MINUTE: '8',
      RATE_LIMIT_SIGN_UP_PER_HOUR: '50',
    });
  });

  afterAll(async () => {
    await api.close();
  });

  it('throttles sign-in per client address with RateLimit and Retry-After, whatever X-Forwarded-For says', async () => {
    const body = { email: uniqueEmail(), password: 'wrong-password-123' };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await call(api, anonymous, 'POST', '/auth/sign-in', { body });
      expect(errorOf(answer)).toEqual({ status: 401, code: 'invalid_credentials' });
      expect(answer.headers.get('ratelimit')).toMatch(/^"sign-in";r=\d+;t=\d+$/);
    }
    const limited = await call(api, anonymous, 'POST', '/auth/sign-in', { body });
    expect(errorOf(limited)).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-policy')).toBe('"sign-in";q=3;w=60');
    for (const spoofed of ['203.0.113.7', '198.51.100.9, 10.0.0.1', '2001:db8::1']) {
      const answer = await call(api, anonymous, 'POST', '/auth/sign-in', {
        body,
        headers: { 'X-Forwarded-For': spoofed, 'X-Real-IP': spoofed, Forwarded: `for=${spoofed}` },
      });
      expect(errorOf(answer)).toEqual({ status: 429, code: 'rate_limited' });
    }
  });

  it('limits per API key, then per organisation', async () => {
    const owner = await signUpWithOrg(api, 'limited');
    const keys: Caller[] = [];
    for (const name of ['one', 'two']) {
      const created = await call<{ key: string }>(api, owner, 'POST', '/api-keys', {
        body: { name },
      });
      keys.push(keyCaller(created.body.key));
    }
    // The owner used 3 of the organisation's 8 already (org create is per user; 2 key creations + this list).
    for (let index = 0; index < 5; index += 1) {
      const answer = await call(api, keys[0]!, 'GET', '/targets');
      if (answer.status === 429) break;
    }
    const perKey = await call(api, keys[0]!, 'GET', '/targets');
    expect(errorOf(perKey)).toEqual({ status: 429, code: 'rate_limited' });
    expect(perKey.headers.get('ratelimit-policy')).toMatch(/^"(api-key|org)";q=\d+;w=60$/);
    let orgLimited: Awaited<ReturnType<typeof call>> | undefined;
    for (let index = 0; index < 6 && !orgLimited; index += 1) {
      const answer = await call(api, keys[1]!, 'GET', '/targets');
      if (answer.status === 429) orgLimited = answer;
    }
    expect(orgLimited && errorOf(orgLimited)).toEqual({ status: 429, code: 'rate_limited' });
    expect(orgLimited?.headers.get('ratelimit-policy')).toBe('"org";q=8;w=60');
    expect(orgLimited?.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('per-account sign-in lock and trusted proxies', () => {
  it('locks an account after repeated failures, even from other addresses and with the right password', async () => {
    const api = await startTestApi({
      RATE_LIMIT_ACCOUNT_FAILURES: '3',
      TRUSTED_PROXIES: 'loopback',
    });
    try {
      const user = await signUp(api);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const answer = await call(api, anonymous, 'POST', '/auth/sign-in', {
          body: { email: user.email, password: 'not-the-password-1' },
          headers: { 'X-Forwarded-For': `203.0.113.${attempt + 1}` },
        });
        expect(errorOf(answer)).toEqual({ status: 401, code: 'invalid_credentials' });
      }
      const locked = await call(api, anonymous, 'POST', '/auth/sign-in', {
        body: { email: user.email, password: PASSWORD },
        headers: { 'X-Forwarded-For': '203.0.113.99' },
      });
      expect(errorOf(locked)).toEqual({ status: 429, code: 'rate_limited' });
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  });

  it('believes X-Forwarded-For only from a configured proxy', async () => {
    const api = await startTestApi({
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '2',
      TRUSTED_PROXIES: 'loopback',
    });
    try {
      const body = { email: uniqueEmail(), password: 'wrong-password-123' };
      const from = (ip: string) =>
        call(api, anonymous, 'POST', '/auth/sign-in', { body, headers: { 'X-Forwarded-For': ip } });
      expect((await from('203.0.113.10')).status).toBe(401);
      expect((await from('203.0.113.10')).status).toBe(401);
      expect((await from('203.0.113.10')).status).toBe(429);
      // Behind a trusted proxy, another client address has its own budget.
      expect((await from('203.0.113.11')).status).toBe(401);
    } finally {
      await api.close();
    }
  });
});

describe('CORS', () => {
  it('allows only the dashboard origin, with credentials', async () => {
    const api = await startTestApi({ WEB_ORIGIN: 'http://127.0.0.1:5173' });
    try {
      const preflight = (origin: string) =>
        fetch(`${api.baseUrl}/targets`, {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'x-csrf-token',
          },
        });
      const allowed = await preflight('http://127.0.0.1:5173');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      const evil = await preflight('https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await api.close();
    }
  });
});
