import { parseConfigDocument } from '../config/parse-config';
import { createOperation } from '../../test/openapi/create-operation';
import { draft, leftOutOf, openapi30, routeOf, warningsOf } from '../../test/openapi/draft-helpers';

const OK = { '200': { description: 'ok' } };

function withScheme(scheme: Record<string, unknown>): string {
  return openapi30(
    { '/me': { get: { responses: OK } }, '/health': { get: { security: [], responses: OK } } },
    { components: { securitySchemes: { main: scheme } }, security: [{ main: [] }] },
  );
}

describe('importOpenApi: security as the document states it', () => {
  it.each([
    [
      'http bearer',
      { type: 'http', scheme: 'bearer' },
      { headers: { Authorization: 'Bearer ${TENANT_A_MAIN}' } },
    ],
    [
      'http basic',
      { type: 'http', scheme: 'basic' },
      { headers: { Authorization: 'Basic ${TENANT_A_MAIN}' } },
    ],
    [
      'oauth2',
      { type: 'oauth2', flows: {} },
      { headers: { Authorization: 'Bearer ${TENANT_A_MAIN}' } },
    ],
    [
      'an API key header',
      { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      { headers: { 'X-Api-Key': '${TENANT_A_MAIN}' } },
    ],
    [
      'an API key in the query',
      { type: 'apiKey', in: 'query', name: 'api_key' },
      { headers: {}, query: { api_key: '${TENANT_A_MAIN}' } },
    ],
    [
      'an API key cookie',
      { type: 'apiKey', in: 'cookie', name: 'sid' },
      { headers: { Cookie: 'sid=${TENANT_A_MAIN}' } },
    ],
  ])(
    'writes two tenants for %s, with ${ENV} where the credential goes',
    async (_name, scheme, tenantA) => {
      const result = await draft(withScheme(scheme));
      const tenants = (result.config.target as { tenants: Record<string, unknown> }).tenants;
      expect(tenants.tenantA).toEqual(tenantA);
      expect(JSON.stringify(tenants.tenantB)).toBe(
        JSON.stringify(tenantA).replace('TENANT_A', 'TENANT_B'),
      );
      expect(result.env).toEqual(['TENANT_A_MAIN', 'TENANT_B_MAIN']);
      expect(result.securitySchemes).toEqual([
        expect.objectContaining({
          name: 'main',
          usedByTenants: true,
          env: ['TENANT_A_MAIN', 'TENANT_B_MAIN'],
        }),
      ]);
      // With the credentials set, the draft is a config the engine takes.
      const env = { TENANT_A_MAIN: 'a', TENANT_B_MAIN: 'b' };
      expect(parseConfigDocument(result.config, { env }).ok).toBe(true);
    },
  );

  it('marks security: [] routes public, and guarded ones not', async () => {
    const result = await draft(withScheme({ type: 'http', scheme: 'bearer' }));
    expect(routeOf(result, 'GET', '/health')!.public).toBe(true);
    expect(routeOf(result, 'GET', '/me')!.public).toBeUndefined();
    expect(result.kept.find((kept) => kept.operation === 'GET /health')!.public).toBe(true);
  });

  it('takes every route as public when the document declares no security at all', async () => {
    const result = await draft(openapi30({ '/a': { get: { responses: OK } } }));
    expect(routeOf(result, 'GET', '/a')!.public).toBe(true);
    expect((result.config.target as Record<string, unknown>).tenants).toBeUndefined();
    expect(result.warnings.map((warning) => warning.message)).toContainEqual(
      expect.stringMatching(/declares no security/),
    );
  });

  it('prefers API keys to session cookies, and leaves out what only the cookie opens', async () => {
    const text = openapi30(
      {
        '/things': { get: { responses: OK } },
        '/account/sessions': { get: { security: [{ session: [] }], responses: OK } },
      },
      {
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'sid' },
            key: { type: 'http', scheme: 'bearer' },
          },
        },
        security: [{ session: [] }, { key: [] }],
      },
    );
    const result = await draft(text);
    expect(result.securitySchemes.map((scheme) => [scheme.name, scheme.usedByTenants])).toEqual([
      ['session', false],
      ['key', true],
    ]);
    expect(leftOutOf(result, 'GET /account/sessions')?.category).toBe('credentials');
    expect(leftOutOf(result, 'GET /account/sessions')?.reason).toMatch(
      /needs session \(apiKey in cookie sid\); the draft's tenants carry key/,
    );
  });
});

describe('importOpenApi: safe by default', () => {
  const CRUD = {
    '/things/': {
      get: { responses: OK },
      post: createOperation({ name: { type: 'string' } }, { id: { type: 'integer' } }),
      put: {
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: OK,
      },
      delete: { responses: OK },
    },
    '/things/{id}': { get: { responses: OK }, delete: { responses: OK } },
    '/auth/logout': { post: { responses: OK } },
    '/user': { delete: { responses: OK }, patch: { responses: OK } },
    '/user/password': { put: { responses: OK } },
    '/keys/rotate': { post: { responses: OK } },
    '/settings': { get: { responses: OK } },
  };

  it('leaves out bulk writes, sign-out, account deletion, password changes and key rotation, saying why', async () => {
    const result = await draft(openapi30(CRUD));
    expect(result.routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /things/',
      'POST /things/',
      'GET /settings',
    ]);
    const reasons = Object.fromEntries(
      result.leftOut.map((entry) => [entry.operation, [entry.category, entry.canOptIn]]),
    );
    expect(reasons).toEqual({
      'PUT /things/': ['unsafe', true],
      'DELETE /things/': ['unsafe', true],
      'POST /auth/logout': ['unsafe', true],
      'DELETE /user': ['unsafe', true],
      'PATCH /user': ['not-created', false],
      'PUT /user/password': ['unsafe', true],
      'POST /keys/rotate': ['unsafe', true],
    });
    expect(leftOutOf(result, 'PUT /things/')!.reason).toMatch(
      /^bulk write: PUT on the collection \/things reaches every object/,
    );
    expect(leftOutOf(result, 'POST /auth/logout')!.reason).toMatch(/signs the tenant out/);
    expect(leftOutOf(result, 'DELETE /user')!.reason).toMatch(/deletes the account/);
    expect(leftOutOf(result, 'PUT /user/password')!.reason).toMatch(/password/);
    expect(leftOutOf(result, 'POST /keys/rotate')!.reason).toMatch(/rotates/);
    // The YAML says so at the top.
    expect(result.yaml).toMatch(/^# .*\n(#.*\n|\n)*# {3}PUT \/things\/: bulk write.*\[opt in\]/m);
  });

  it('puts an unsafe operation back when the user opts in, by path or operationId', async () => {
    const result = await draft(openapi30(CRUD), { include: ['post /auth/logout', 'PUT /things/'] });
    expect(routeOf(result, 'POST', '/auth/logout')).toBeDefined();
    expect(routeOf(result, 'PUT', '/things/')).toBeDefined();
  });
});

describe('importOpenApi: rate limits', () => {
  const created = { '201': { description: 'ok' } };

  it('expects a limit on sign-in and sign-up, and where the document states one', async () => {
    const result = await draft(
      openapi30({
        '/auth/sign-in': { post: { responses: OK } },
        '/signup': { post: { responses: created } },
        '/search': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                headers: { 'X-RateLimit-Limit': { schema: { type: 'integer', example: 30 } } },
              },
            },
          },
        },
        '/policy': {
          get: {
            responses: {
              '429': {
                description: 'slow',
                headers: { 'RateLimit-Policy': { example: '100;w=60' } },
              },
            },
          },
        },
        '/plain': { get: { responses: OK } },
      }),
    );
    expect(routeOf(result, 'POST', '/auth/sign-in')!.rateLimit).toEqual({
      expected: true,
      burst: 60,
    });
    expect(routeOf(result, 'POST', '/signup')!.rateLimit).toEqual({ expected: true, burst: 60 });
    expect(routeOf(result, 'GET', '/search')!.rateLimit).toEqual({ expected: true, burst: 35 });
    expect(routeOf(result, 'GET', '/policy')!.rateLimit).toEqual({ expected: true, burst: 110 });
    expect(routeOf(result, 'GET', '/plain')!.rateLimit).toBeUndefined();
  });

  it('does not guess a burst for a create whose limit has no stated size', async () => {
    const result = await draft(
      openapi30({
        '/notes': {
          get: { responses: OK },
          post: {
            responses: { '201': { description: 'ok' }, '429': { description: 'slow down' } },
          },
        },
      }),
    );
    expect(routeOf(result, 'POST', '/notes')!.rateLimit).toBeUndefined();
    expect(warningsOf(result, 'POST /notes')).toContainEqual(
      expect.stringMatching(/declares a rate limit \(429\) but not its size/),
    );
  });
});
