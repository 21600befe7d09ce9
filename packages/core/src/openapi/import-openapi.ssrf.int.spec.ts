import { stringify } from 'yaml';

import { importOpenApi } from './import-openapi';
import { startTarget, type RunningTarget } from '../../test/targets/start-target';

/**
 * The hosted service drafts documents anyone uploads: a `$ref` to an address must never make
 * it send a request (SSRF). A local server that records every hit stands in for the address.
 */
describe('importOpenApi never fetches a $ref', () => {
  let listener: RunningTarget;
  beforeAll(async () => {
    listener = await startTarget((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ type: 'object', properties: { stolen: { type: 'string' } } }));
    });
  });
  afterAll(async () => {
    await listener.close();
  });

  function documents(url: string): [string, string, string][] {
    const body = (schema: unknown) => ({
      requestBody: { required: true, content: { 'application/json': { schema } } },
      responses: { '201': { description: 'ok' } },
    });
    const openapi = (version: string) => ({
      openapi: version,
      info: { title: 'remote refs', version: '1' },
      servers: [{ url: 'http://127.0.0.1:4010' }],
      paths: {
        '/remote-body': { post: body({ $ref: `${url}/schemas/thing.json` }) },
        '/remote-property': { post: body({ $ref: '#/components/schemas/Local' }) },
        '/remote-path-item': { $ref: `${url}/paths/item.json` },
        '/remote-parameter': {
          get: {
            parameters: [{ $ref: `${url}/parameters/q.json` }],
            responses: { '200': { description: 'ok' } },
          },
        },
        '/file': { post: body({ $ref: 'file:///etc/passwd' }) },
        '/ping': { get: { responses: { '200': { description: 'ok' } } } },
      },
      components: {
        schemas: {
          Local: {
            type: 'object',
            required: ['inner'],
            properties: { inner: { $ref: `${url}/schemas/inner.json#/deep` } },
          },
        },
      },
    });
    const swagger = {
      swagger: '2.0',
      info: { title: 'remote refs', version: '1' },
      host: '127.0.0.1:4010',
      paths: {
        '/remote-body': {
          post: {
            parameters: [
              {
                in: 'body',
                name: 'b',
                required: true,
                schema: { $ref: `${url}/definitions.json#/Thing` },
              },
            ],
            responses: { '201': { description: 'ok' } },
          },
        },
        '/ping': { get: { responses: { '200': { description: 'ok' } } } },
      },
    };
    return [
      ['OpenAPI 3.0 (JSON)', JSON.stringify(openapi('3.0.3')), `${url}/schemas/thing.json`],
      ['OpenAPI 3.1 (YAML)', stringify(openapi('3.1.0')), `${url}/schemas/thing.json`],
      ['Swagger 2.0', JSON.stringify(swagger), `${url}/definitions.json#/Thing`],
    ];
  }

  it('drafts documents full of remote and file $refs with zero requests to the address', async () => {
    for (const [name, text, remoteBody] of documents(listener.url)) {
      const result = await importOpenApi(text);
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.issues)}`);
      expect(result.leftOut.find((entry) => entry.operation === 'POST /remote-body')).toMatchObject(
        {
          category: 'unsupported',
          reason: `its body schema refers to ${remoteBody}, which the import never fetches`,
        },
      );
    }
    // Give any request the parser might have started in the background time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(listener.seen).toEqual([]);

    // The listener does count: one request of the test's own arrives.
    await fetch(`${listener.url}/schemas/thing.json`);
    expect(listener.seen).toHaveLength(1);
  });
});
