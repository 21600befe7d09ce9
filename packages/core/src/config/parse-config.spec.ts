import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseConfigDocument, parseConfigText, type ConfigIssue } from './parse-config';

const specExample = readFileSync(
  path.join(__dirname, '..', '..', 'test', 'fixtures', 'spec-example.yml'),
  'utf8',
);

function issuesOf(text: string, env?: Record<string, string>): ConfigIssue[] {
  const result = parseConfigText(text, env ? { env } : {});
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.issues;
}

const minimal = (routeExtra = '') => `version: 1
target: { name: api, baseUrl: "http://127.0.0.1:4010" }
routes:
  - id: create
    method: POST
    path: /things
${routeExtra}`;

describe('parseConfigText', () => {
  it("keeps public routes, tenants' query parameters and {{unique}} as written", () => {
    const result = parseConfigText(`version: 1
target:
  name: api
  baseUrl: http://127.0.0.1:4010
  tenants: { a: { query: { api_key: "\${KEY_A}" } } }
routes:
  - { id: health, method: GET, path: /health, public: true }
  - { id: create, method: POST, path: /things, body: { title: "t {{unique}}" } }
`);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.config.target.tenants).toEqual({
      a: { headers: {}, query: { api_key: '${KEY_A}' } },
    });
    expect(result.config.routes.map((route) => [route.public, route.body])).toEqual([
      [true, undefined],
      [undefined, { title: 't {{unique}}' }],
    ]);
    expect(issuesOf(minimal('    public: "yes"'))).toEqual([
      expect.objectContaining({
        path: 'routes[0].public',
        message: 'must be a boolean, not string "yes"',
      }),
    ]);
  });

  it('accepts the example of the spec and fills sizes, durations and defaults', () => {
    const result = parseConfigText(specExample);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { config } = result;
    expect(config.target.budget).toEqual({
      maxRps: 200,
      maxRequests: 20000,
      maxBytes: 200 * 1024 * 1024,
      maxDuration: 300_000,
    });
    expect(config.routes[0]?.maxBodyBytes).toBe(16 * 1024);
    expect(config.routes[1]?.maxBodyBytes).toBe(1024 * 1024);
    expect(config.routes[0]?.resource?.list?.itemsPath).toBe('/items');
    expect(config.probes.load?.duration).toBe(30_000);
    expect(config.probes.load?.thresholds.http_req_duration).toEqual([
      { threshold: 'p(95)<300', abortOnFail: false, delayAbortEvalMs: 0 },
      { threshold: 'p(99)<800', abortOnFail: false, delayAbortEvalMs: 0 },
    ]);
  });

  it('fills the default budget when none is given', () => {
    const result = parseConfigText(minimal());
    expect(result.ok && result.config.target.budget.maxDuration).toBe(300_000);
  });

  it('names an unknown key with its path and line', () => {
    expect(issuesOf(minimal('    colour: blue'))).toEqual([
      { path: 'routes[0].colour', message: 'unknown key', line: 7, column: 5 },
    ]);
  });

  it('reads target.healthcheck and a route bodySchema, and refuses a recovery wait over 30 s', () => {
    const text = `version: 1
target:
  name: api
  baseUrl: "http://127.0.0.1:4010"
  healthcheck: { path: /health, recoveryWait: 5s }
routes:
  - id: create
    method: POST
    path: /things
    bodySchema: { type: object, properties: { qty: { type: integer, maximum: 5 } } }`;
    const parsed = parseConfigText(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.config.target.healthcheck).toEqual({ path: '/health', recoveryWait: 5000 });
    expect(parsed.config.routes[0]!.bodySchema).toEqual({
      type: 'object',
      properties: { qty: { type: 'integer', maximum: 5 } },
    });
    const defaults = parseConfigText(minimal());
    if (!defaults.ok) throw new Error('the minimal config is valid');
    expect(defaults.config.target.healthcheck).toEqual({ recoveryWait: 30_000 });
    expect(issuesOf(text.replace('5s', '1m'))).toEqual([
      expect.objectContaining({
        path: 'target.healthcheck.recoveryWait',
        message: 'must be 30s or less',
      }),
    ]);
  });

  it('names a JSON Pointer that is not one', () => {
    const issues = issuesOf(minimal('    resource: { idPath: id }'));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'routes[0].resource.idPath',
        message: 'must be a JSON Pointer',
      }),
    ]);
  });

  it('rejects duplicate route ids and a load route that does not exist', () => {
    const text = `version: 1
target: { name: api, baseUrl: "http://127.0.0.1:4010" }
routes:
  - { id: a, method: GET, path: /a }
  - { id: a, method: GET, path: /b }
probes:
  load: { route: nope, executor: constant-vus, vus: 2, duration: 5s }`;
    const messages = issuesOf(text).map((issue) => `${issue.path}: ${issue.message}`);
    expect(messages).toEqual([
      'routes[1].id: "a" is already the id of routes[0]',
      'probes.load.route: names no route; known routes: a',
    ]);
  });

  it('requires what each executor needs and checks threshold syntax per metric', () => {
    const text = `version: 1
target: { name: api, baseUrl: "http://127.0.0.1:4010" }
routes: [{ id: a, method: GET, path: /a }]
probes:
  load:
    route: a
    executor: constant-arrival-rate
    thresholds: { http_req_failed: ["p(95)<3"], http_req_duration: ["p95 < 3"] }`;
    const paths = issuesOf(text).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'probes.load.rate',
        'probes.load.duration',
        'probes.load.thresholds.http_req_duration[0]',
      ]),
    );
  });

  it('reports bad sizes, durations and types in words', () => {
    const messages = issuesOf(
      minimal('    maxBodyBytes: 12 parsecs\n    rateLimit: { expected: "yes" }'),
    ).map((issue) => `${issue.path}: ${issue.message}`);
    expect(messages).toEqual([
      'routes[0].maxBodyBytes: must be a size such as 512B, 16KB, 1MB or 2GB',
      'routes[0].rateLimit.expected: must be a boolean, not string "yes"',
    ]);
  });

  it('interpolates ${ENV} from the environment it is given and names a missing variable', () => {
    const text = `version: 1
target:
  name: api
  baseUrl: "http://127.0.0.1:4010"
  tenants:
    alice: { headers: { Authorization: "Bearer \${TOKEN_A}" } }
routes: [{ id: a, method: GET, path: /a }]`;
    const resolved = parseConfigText(text, { env: { TOKEN_A: 's3cret' } });
    expect(resolved.ok && resolved.config.target.tenants?.alice?.headers.Authorization).toBe(
      'Bearer s3cret',
    );
    expect(issuesOf(text, {})).toEqual([
      {
        path: 'target.tenants.alice.headers.Authorization',
        message: 'environment variable TOKEN_A is not set',
        line: 6,
        column: 25,
      },
    ]);
    const unresolved = parseConfigText(text);
    expect(unresolved.ok && unresolved.config.target.tenants?.alice?.headers.Authorization).toBe(
      'Bearer ${TOKEN_A}',
    );
  });

  it('explains text that is not YAML or JSON', () => {
    const [issue] = issuesOf('version: 1\ntarget: {');
    expect(issue?.message).toMatch(/^not valid YAML or JSON/);
  });

  it('reads JSON as well', () => {
    const json = JSON.stringify({
      version: 1,
      target: { name: 'api', baseUrl: 'https://api.example.com/v1' },
      routes: [{ id: 'a', method: 'GET', path: '/a' }],
    });
    expect(parseConfigText(json).ok).toBe(true);
    expect(parseConfigDocument(JSON.parse(json)).ok).toBe(true);
  });
});
