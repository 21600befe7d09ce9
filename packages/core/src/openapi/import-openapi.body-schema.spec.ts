import {
  configOfYaml,
  draft,
  openapi30,
  routeOf,
  type DraftRoute,
} from '../../test/openapi/draft-helpers';
import { CYCLE_CUT, MAX_BODY_SCHEMA_BYTES, MAX_BODY_SCHEMAS_BYTES } from './body-schema';
import type { OpenApiImport } from './import-result';

const created = { '201': { description: 'created' } };
const jsonBody = (schema: unknown) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const post = (schema: unknown) => ({ post: { requestBody: jsonBody(schema), responses: created } });

function notesOf(result: OpenApiImport, route: DraftRoute): string[] {
  return result.kept.find((kept) => kept.routeId === route.id && kept.role === 'route')!.notes;
}

/** The draft's YAML, read back as a config: the bodySchema a run would get. */
function bodySchemaInYaml(result: OpenApiImport, route: DraftRoute): unknown {
  return configOfYaml(result).routes.find((candidate) => candidate.id === route.id)!.bodySchema;
}

describe('importOpenApi: each route gets its body schema (bodySchema)', () => {
  it('writes the OpenAPI 3.0 schema dereferenced as JSON Schema 2020-12, without what the server sets', async () => {
    const result = await draft(
      openapi30(
        { '/orders': post({ $ref: '#/components/schemas/NewOrder' }) },
        {
          components: {
            schemas: {
              NewOrder: {
                type: 'object',
                required: ['id', 'item', 'qty'],
                discriminator: { propertyName: 'item' },
                'x-internal': true,
                example: { item: 'pen', qty: 2 },
                properties: {
                  id: { type: 'integer', readOnly: true },
                  item: { $ref: '#/components/schemas/Item' },
                  qty: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 9 },
                  note: { type: 'string', nullable: true, maxLength: 20, description: 'free' },
                  lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } },
                },
              },
              Item: { type: 'string', enum: ['pen', 'book'], nullable: true },
              Line: {
                type: 'object',
                properties: { sku: { type: 'string' }, at: { type: 'string', readOnly: true } },
              },
            },
          },
        },
      ),
    );
    const route = routeOf(result, 'POST', '/orders')!;
    expect(route.bodySchema).toEqual({
      type: 'object',
      required: ['item', 'qty'],
      properties: {
        item: { type: ['string', 'null'], enum: ['pen', 'book', null] },
        qty: { type: 'integer', exclusiveMinimum: 0, maximum: 9 },
        note: { type: ['string', 'null'], maxLength: 20 },
        lines: {
          type: 'array',
          items: { type: 'object', properties: { sku: { type: 'string' } } },
        },
      },
    });
    expect(bodySchemaInYaml(result, route)).toEqual(route.bodySchema);
    // Written as a person writes a config: each part that fits on one line, on one line.
    expect(result.yaml).toMatch(
      /\n {4}bodySchema:\n {6}type: object\n {6}required: \[ item, qty \]\n/,
    );
    expect(result.yaml).toContain(
      '\n        qty: { type: integer, maximum: 9, exclusiveMinimum: 0 }\n',
    );
  });

  it('cuts a cycle where the schema refers back to one enclosing it, and says so', async () => {
    const result = await draft(
      openapi30(
        { '/nodes': post({ $ref: '#/components/schemas/Node' }) },
        {
          components: {
            schemas: {
              Node: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', maxLength: 10 },
                  children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
                },
              },
            },
          },
        },
      ),
    );
    const route = routeOf(result, 'POST', '/nodes')!;
    expect(JSON.stringify(route.bodySchema)).not.toContain('$ref');
    expect(route.bodySchema).toMatchObject({
      properties: { children: { type: 'array', items: CYCLE_CUT } },
    });
    expect(notesOf(result, route)).toContain('bodySchema with 1 cycle cut');
    expect(bodySchemaInYaml(result, route)).toEqual(route.bodySchema);
  });

  it('reads Swagger 2.0 body parameters and OpenAPI 3.1 type arrays alike', async () => {
    const swagger = await draft(
      JSON.stringify({
        swagger: '2.0',
        info: { title: 'swagger', version: '1' },
        host: '127.0.0.1:4010',
        consumes: ['application/json'],
        paths: {
          '/pets': {
            post: {
              parameters: [
                {
                  in: 'body',
                  name: 'pet',
                  required: true,
                  schema: {
                    type: 'object',
                    required: ['name'],
                    properties: {
                      name: { type: 'string', maxLength: 5 },
                      age: { type: 'integer', maximum: 30, exclusiveMaximum: true },
                      tag: { type: 'string', 'x-nullable': true },
                    },
                  },
                },
              ],
              responses: created,
            },
          },
        },
      }),
    );
    expect(routeOf(swagger, 'POST', '/pets')!.bodySchema).toEqual({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', maxLength: 5 },
        age: { type: 'integer', exclusiveMaximum: 30 },
        tag: { type: ['string', 'null'] },
      },
    });
    const v31 = await draft(
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: '3.1', version: '1' },
        servers: [{ url: 'http://127.0.0.1:4010' }],
        paths: {
          '/pets': post({
            type: 'object',
            properties: {
              name: { type: ['string', 'null'], maxLength: 5 },
              age: { type: 'integer', exclusiveMaximum: 30, nullable: true },
            },
          }),
        },
      }),
    );
    // 3.1 is 2020-12 already: `nullable` means nothing there and is not read.
    expect(routeOf(v31, 'POST', '/pets')!.bodySchema).toEqual({
      type: 'object',
      properties: {
        name: { type: ['string', 'null'], maxLength: 5 },
        age: { type: 'integer', exclusiveMaximum: 30 },
      },
    });
  });

  it('gives no bodySchema to a resource update, nor to a body with no valid sample, saying why', async () => {
    const result = await draft(
      openapi30({
        '/things': {
          post: {
            requestBody: jsonBody({ type: 'object', properties: { title: { type: 'string' } } }),
            responses: {
              '201': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { type: 'object', properties: { id: { type: 'integer' } } },
                  },
                },
              },
            },
          },
        },
        '/things/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          patch: {
            requestBody: jsonBody({ type: 'object', properties: { title: { type: 'string' } } }),
            responses: { '200': { description: 'ok' } },
          },
        },
        '/impossible': post({
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', minLength: 5, maxLength: 2 } },
        }),
      }),
    );
    const things = routeOf(result, 'POST', '/things')!;
    expect(things.bodySchema).toBeDefined();
    expect(things.resource).toMatchObject({ update: { method: 'PATCH' } });
    expect(things.resource!.update).not.toHaveProperty('bodySchema');
    const impossible = routeOf(result, 'POST', '/impossible')!;
    expect(impossible.bodySchema).toBeUndefined();
    expect(notesOf(result, impossible)).toContain('no bodySchema: the sample body is not valid');
  });

  it(`omits a schema over ${MAX_BODY_SCHEMA_BYTES / 1024} KB, however its $refs fan out, and says so`, async () => {
    const countries = Array.from({ length: 1_500 }, (_, index) => `country-${index}`);
    // Each level refers to the next twice: 2^14 copies once written out, from a small document.
    const levels = Object.fromEntries(
      Array.from({ length: 14 }, (_, level) => [
        `L${level}`,
        {
          type: 'object',
          properties: {
            a: { $ref: `#/components/schemas/L${level + 1}` },
            b: { $ref: `#/components/schemas/L${level + 1}` },
          },
        },
      ]),
    );
    const started = performance.now();
    const result = await draft(
      openapi30(
        {
          '/addresses': post({ type: 'object', properties: { country: { enum: countries } } }),
          '/trees': post({ $ref: '#/components/schemas/L0' }),
        },
        { components: { schemas: { ...levels, L14: { type: 'string', maxLength: 3 } } } },
      ),
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    const addresses = routeOf(result, 'POST', '/addresses')!;
    expect(addresses.bodySchema).toBeUndefined();
    expect(notesOf(result, addresses)).toContain(
      'no bodySchema: the body schema is 21 KB as JSON, over 16 KB',
    );
    expect(result.yaml).toContain('no bodySchema: the body schema is 21 KB as JSON, over 16 KB');
    const trees = routeOf(result, 'POST', '/trees')!;
    expect(trees.bodySchema).toBeUndefined();
    expect(notesOf(result, trees)).toContain(
      'no bodySchema: the body schema is over 16 KB as JSON',
    );
  });

  it(`stops writing body schemas once the draft's reach ${MAX_BODY_SCHEMAS_BYTES / 1024} KB`, async () => {
    // 20 bodies of about 15 KB each: 17 fit.
    const values = Array.from(
      { length: 1_150 },
      (_, index) => `pick-${String(index).padStart(5, '0')}`,
    );
    const paths = Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [
        `/lists${index}`,
        post({ type: 'object', properties: { pick: { enum: values } } }),
      ]),
    );
    const result = await draft(openapi30(paths));
    const routes = result.routes.filter((route) => route.method === 'POST');
    const withSchema = routes.filter((route) => route.bodySchema !== undefined);
    expect(withSchema.length).toBe(17);
    expect(routes.slice(0, 17)).toEqual(withSchema);
    for (const route of routes.slice(17)) {
      expect(notesOf(result, route)).toContain(
        "no bodySchema: the draft's body schemas already take 256 KB",
      );
    }
  });
});
