import { anonymous, call, errorOf, type SessionCaller } from '../../test/client';
import { startTestApi, type TestApi } from '../../test/harness';
import { signUpWithOrg } from '../../test/client';

/**
 * Issue 12's document as YAML: `width` properties per level, each a `$ref` to the next level,
 * `depth` levels. Followed naively it is width^depth values.
 */
function fanOutYaml(depth: number, width: number): string {
  const lines = [
    'openapi: 3.0.3',
    'info: { title: fan-out, version: "1" }',
    'servers: [{ url: "http://127.0.0.1:4010" }]',
    'paths:',
    '  /things:',
    '    post:',
    '      requestBody:',
    '        content:',
    '          application/json:',
    '            schema: { $ref: "#/components/schemas/S0" }',
    '      responses: { "201": { description: created } }',
    'components:',
    '  schemas:',
  ];
  for (let level = 0; level < depth; level++) {
    const names = Array.from({ length: width }, (_, index) => `f${index}`);
    const child =
      level === depth - 1 ? '{ type: string }' : `{ $ref: "#/components/schemas/S${level + 1}" }`;
    lines.push(`    S${level}:`, '      type: object', `      required: [${names.join(', ')}]`);
    lines.push('      properties:', ...names.map((name) => `        ${name}: ${child}`));
  }
  return `${lines.join('\n')}\n`;
}

describe('POST /targets/openapi-draft runs off the event loop, within limits', () => {
  let api: TestApi;
  let member: SessionCaller;

  beforeAll(async () => {
    api = await startTestApi();
    member = await signUpWithOrg(api, 'Drafts');
  }, 120_000);

  afterAll(async () => {
    await api.close();
  });

  it('drafts an ordinary document in the worker thread', async () => {
    const answer = await call<{ config: { routes: unknown[] }; warnings: string[] }>(
      api,
      member,
      'POST',
      '/targets/openapi-draft',
      { body: { document: fanOutYaml(2, 2), name: 'small' } },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.config.routes).toHaveLength(1);
    const invalid = await call(api, member, 'POST', '/targets/openapi-draft', {
      body: { document: 'swagger: "2.0"\npaths: {}' },
    });
    expect(errorOf(invalid)).toEqual({ status: 400, code: 'invalid_openapi' });
  });

  it('refuses YAML past its alias and depth limits before drafting', async () => {
    const anchors = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 12; level++) {
      anchors.push(
        `a${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    }
    const cases: [string, string][] = [
      [`openapi: 3.0.3\n${anchors.join('\n')}\n`, 'maxAliases'],
      [`openapi: 3.0.3\nx: ${'['.repeat(130)}${']'.repeat(130)}\n`, 'maxDepth'],
    ];
    for (const [document, limit] of cases) {
      const answer = await call<{ error: { details: { limit: string } } }>(
        api,
        member,
        'POST',
        '/targets/openapi-draft',
        { body: { document } },
      );
      expect({ limit, ...errorOf(answer) }).toEqual({
        limit,
        status: 422,
        code: 'document_too_complex',
      });
      expect(answer.body.error.details.limit).toBe(limit);
    }
  });

  it('keeps /health under 100 ms while the fan-out document is refused within its limit', async () => {
    const document = fanOutYaml(8, 6);
    expect(document.length).toBeLessThan(4 * 1024);
    await call(api, anonymous, 'GET', '/health');
    const latencies: number[] = [];
    const at: number[] = [];
    let drafting = true;
    // Bounded: stops when the draft answers, and after 300 polls (~6 s at most + the answers).
    const poll = (async () => {
      while (drafting && latencies.length < 300) {
        const started = performance.now();
        const health = await call(api, anonymous, 'GET', '/health');
        latencies.push(performance.now() - started);
        at.push(started);
        expect(health.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const started = performance.now();
    const answer = await call<{ error: { message: string; details: { limit: string } } }>(
      api,
      member,
      'POST',
      '/targets/openapi-draft',
      { body: { document } },
    );
    const draftMs = performance.now() - started;
    drafting = false;
    await poll;
    const max = Math.max(...latencies);
    const slow = latencies
      .map((ms, index) => `${Math.round(at[index]! - started)}:${ms.toFixed(0)}`)
      .filter((_, index) => latencies[index]! > 30);
    process.stdout.write(
      `fan-out draft answered ${answer.status} (${answer.body.error.message}) in ${Math.round(draftMs)} ms; /health polled ${latencies.length} times, max ${max.toFixed(1)} ms; polls over 30 ms (ms after sending: latency): ${slow.join(' ')}\n`,
    );
    expect(errorOf(answer)).toEqual({ status: 422, code: 'document_too_complex' });
    expect(answer.body.error.message).toMatch(/^body\.document: /);
    // Polled for as long as the draft took: the import may refuse the document by its own count
    // of what the $refs expand to (in a fraction of a second) before the thread's time limit.
    expect(latencies.length).toBeGreaterThan(0);
    expect(max).toBeLessThan(100);
    // The limit is 5 s; the answer follows it closely (thread start and teardown).
    expect(draftMs).toBeLessThan(7_000);
  }, 30_000);
});
