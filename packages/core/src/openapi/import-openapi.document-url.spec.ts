import { importOpenApi } from './import-openapi';

const DOCUMENT_URL = 'https://api.example.net/docs/openapi.yaml?v=2';

function documentWith(servers: string): string {
  return [
    'openapi: 3.0.3',
    'info: { title: Served, version: "1" }',
    servers,
    'paths:',
    '  /things:',
    '    post:',
    '      requestBody: { content: { application/json: { schema: { type: object }, example: {} } } }',
    '      responses: { "201": { description: created } }',
    '',
  ].join('\n');
}

async function baseUrlOf(servers: string, documentUrl?: string) {
  const result = await importOpenApi(documentWith(servers), documentUrl ? { documentUrl } : {});
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('; '));
  const target = result.config.target as { baseUrl: string };
  return { baseUrl: target.baseUrl, warnings: result.warnings.map((w) => w.message) };
}

describe("importOpenApi resolves servers against the document's own URL", () => {
  it.each([
    ['servers: [{ url: "/" }]', 'https://api.example.net'],
    ['servers: [{ url: "/v2/" }]', 'https://api.example.net/v2'],
    ['servers: [{ url: "v3" }]', 'https://api.example.net/docs/v3'],
    ['servers: [{ url: "//other.example.org/api" }]', 'https://other.example.org/api'],
    ['servers: [{ url: "https://eu.example.com/api" }]', 'https://eu.example.com/api'],
  ])('%s → %s', async (servers, expected) => {
    const { baseUrl, warnings } = await baseUrlOf(servers, DOCUMENT_URL);
    expect(baseUrl).toBe(expected);
    expect(warnings.join('\n')).not.toContain('baseUrl');
  });

  it("uses the URL's origin when the document names no server, and says so", async () => {
    const { baseUrl, warnings } = await baseUrlOf('servers: []', DOCUMENT_URL);
    expect(baseUrl).toBe('https://api.example.net');
    expect(warnings).toContainEqual(
      'the document names no server: target.baseUrl is https://api.example.net, where the document is served; check it',
    );
  });

  it('keeps the placeholder without a document URL, or for a server with unknown variables', async () => {
    expect((await baseUrlOf('servers: [{ url: "/" }]')).baseUrl).toBe('https://api.example.com');
    expect((await baseUrlOf('servers: []')).baseUrl).toBe('https://api.example.com');
    const templated = await baseUrlOf('servers: [{ url: "/{tenant}" }]', DOCUMENT_URL);
    expect(templated.baseUrl).toBe('https://api.example.com');
    expect(templated.warnings.join('\n')).toContain('is not an absolute http(s) URL');
  });
});
