import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

import { fillUniquePlaceholders, UNIQUE_VALUE_EXAMPLE } from '../config/unique-placeholder';
import { createOperation } from '../../test/openapi/create-operation';
import {
  corpusText,
  draft,
  leftOutOf,
  openapi30,
  refused,
  routeOf,
  warningsOf,
} from '../../test/openapi/draft-helpers';

const ORDERS = `
openapi: 3.0.3
info: { title: "Orders API (v2)", version: "2" }
servers:
  - url: https://{region}.orders.example.com/v2
    variables: { region: { default: eu } }
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { items: { type: array, items: { $ref: '#/components/schemas/Order' } } } }
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewOrder' }
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
  /orders/{orderId}:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: integer, example: 42 } }
    get: { operationId: getOrder, responses: { '200': { description: ok } } }
    patch:
      operationId: updateOrder
      requestBody:
        content:
          application/json:
            example: { qty: 2 }
      responses: { '200': { description: ok } }
    delete: { operationId: deleteOrder, responses: { '204': { description: gone } } }
components:
  schemas:
    Order:
      type: object
      properties:
        orderId: { type: integer }
        item: { type: string }
    NewOrder:
      type: object
      required: [item, title]
      properties:
        id: { type: string, readOnly: true }
        item: { type: string, example: book }
        title: { type: string, maxLength: 40 }
        qty: { type: integer, minimum: 1 }
        tags: { type: array, items: { type: string, enum: [gift, express] } }
        parent: { $ref: '#/components/schemas/NewOrder' }
`;

describe('importOpenApi: routes, samples and the resource graph', () => {
  it('pairs a create with its item routes through path templates, with the id from the answer', async () => {
    const result = await draft(ORDERS);
    expect(result.config.target).toEqual({
      name: 'Orders API v2',
      baseUrl: 'https://eu.orders.example.com/v2',
    });
    expect(result.routes.map((route) => route.id)).toEqual(['listOrders', 'createOrder']);
    const create = routeOf(result, 'POST', '/orders')!;
    expect(create.resource).toEqual({
      idPath: '/orderId',
      read: { method: 'GET', path: '/orders/{id}' },
      update: { method: 'PATCH', path: '/orders/{id}', body: { qty: 2 } },
      delete: { method: 'DELETE', path: '/orders/{id}' },
      list: { method: 'GET', path: '/orders', itemsPath: '/items' },
    });
    expect(result.kept.map((kept) => `${kept.role} ${kept.operation}`)).toEqual([
      'route GET /orders',
      'resource.read GET /orders/{orderId}',
      'resource.update PATCH /orders/{orderId}',
      'resource.delete DELETE /orders/{orderId}',
      'resource.list GET /orders',
      'route POST /orders',
    ]);
  });

  it('samples only what the schema requires, never readOnly, with a fresh value in unique-looking fields', async () => {
    const create = routeOf(await draft(ORDERS), 'POST', '/orders')!;
    // Required: item (its example) and title (unique-looking: a fresh value per create).
    expect(create.body).toEqual({ item: 'book', title: 'sample title-{{unique}}' });
  });

  it('drafts the OpenAPI 3.1 payments document: oneOf, null types, links, patterns', async () => {
    const result = await draft(corpusText('payments-3.1.yaml'));
    const create = routeOf(result, 'POST', '/payments')!;
    expect(create.idempotency).toEqual({ header: 'Idempotency-Key' });
    // Links tie the create to item routes whose path the templates alone would not pair.
    expect(create.resource).toMatchObject({
      idPath: '/id',
      read: { method: 'GET', path: '/payment-by-id/{id}' },
      update: { method: 'PATCH', path: '/payment-by-id/{id}' },
      delete: { method: 'DELETE', path: '/payment-by-id/{id}' },
      list: { method: 'GET', path: '/payments', itemsPath: '/data' },
    });
    const body = create.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['amount', 'customerEmail', 'method']);
    expect(body.customerEmail).toMatch(/-\{\{unique\}\}@/);

    // The body satisfies the document's own schema (3.1 is JSON Schema 2020-12), fresh value in.
    const document = parseYaml(corpusText('payments-3.1.yaml')) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema(document, 'doc');
    // The document's schema requires the readOnly id and createdAt, which only answers carry.
    const validate = ajv.compile({ $ref: 'doc#/components/schemas/Payment' });
    const filled = fillUniquePlaceholders(body, UNIQUE_VALUE_EXAMPLE);
    expect(validate({ ...filled, id: 'pay_000000000000', createdAt: '2026-01-01T00:00:00Z' })).toBe(
      true,
    );
  });

  it('fills path parameters that name no object (enumerations) and required query parameters', async () => {
    const result = await draft(corpusText('payments-3.1.yaml'));
    const report = result.routes.find((route) => route.id === 'getReport')!;
    expect(report.path).toMatch(/^\/reports\/(daily|weekly)\?currency=[A-Z]{3}$/);
  });

  it('takes the document example first, and falls back to a generated body when the example is invalid', async () => {
    const text = openapi30({
      '/things': {
        post: {
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['size'],
                  properties: { size: { type: 'integer', maximum: 10 } },
                },
                example: { size: 99 },
              },
            },
          },
          responses: { '201': { description: 'ok' } },
        },
      },
    });
    const result = await draft(text);
    const body = routeOf(result, 'POST', '/things')!.body as { size: number };
    expect(Object.keys(body)).toEqual(['size']);
    expect(body.size).toBeLessThanOrEqual(10);
    expect(warningsOf(result, 'POST /things')).toContainEqual(
      expect.stringMatching(/example is not valid \(\/size: must be <= 10\)/),
    );
  });

  it('names the field of a body no sample can satisfy', async () => {
    const text = openapi30({
      '/things': {
        post: {
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['code'],
                  properties: { code: { type: 'string', minLength: 5, maxLength: 2 } },
                },
              },
            },
          },
          responses: { '201': { description: 'ok' } },
        },
      },
    });
    const result = await draft(text);
    expect(warningsOf(result, 'POST /things')).toContainEqual(
      expect.stringMatching(/sample body is not valid.*\/code: must NOT have/),
    );
  });

  it('never ties an item route to a guessed id', async () => {
    const result = await draft(
      openapi30({
        '/runs/{runId}': { get: { responses: { '200': { description: 'ok' } } } },
        '/notes': {
          post: { responses: { '201': { description: 'no body' } } },
        },
        '/notes/{noteId}': { get: { responses: { '200': { description: 'ok' } } } },
        '/ping': { get: { responses: { '200': { description: 'ok' } } } },
      }),
    );
    expect(result.routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'POST /notes',
      'GET /ping',
    ]);
    expect(leftOutOf(result, 'GET /runs/{runId}')).toEqual({
      operation: 'GET /runs/{runId}',
      category: 'not-created',
      reason: 'needs an existing {runId}; the draft never invents ids',
      canOptIn: false,
    });
    expect(leftOutOf(result, 'GET /notes/{noteId}')?.reason).toMatch(
      /answer of POST \/notes has no id field/,
    );
  });

  it('leaves a create inside an existing parent out unless opted in, then names the parent ${ENV}', async () => {
    const text = openapi30({
      '/orgs/{orgId}/things': {
        post: createOperation({ note: { type: 'string' } }, { thingId: { type: 'string' } }),
        get: { responses: { '200': { description: 'ok' } } },
      },
      '/orgs/{orgId}/things/{thingId}': {
        get: { responses: { '200': { description: 'ok' } } },
        delete: { responses: { '204': { description: 'ok' } } },
      },
      '/ping': { get: { responses: { '200': { description: 'ok' } } } },
    });
    const byDefault = await draft(text);
    expect(leftOutOf(byDefault, 'POST /orgs/{orgId}/things')).toMatchObject({
      category: 'not-created',
      canOptIn: true,
    });
    expect(leftOutOf(byDefault, 'GET /orgs/{orgId}/things/{thingId}')?.reason).toMatch(
      /acts on what POST \/orgs\/\{orgId\}\/things creates, which is left out/,
    );

    const included = await draft(text, { include: ['POST /orgs/{orgId}/things'] });
    const create = routeOf(included, 'POST', '/orgs/${ORG_ID}/things')!;
    expect(create.resource).toMatchObject({
      idPath: '/thingId',
      read: { method: 'GET', path: '/orgs/${ORG_ID}/things/{id}' },
      delete: { method: 'DELETE', path: '/orgs/${ORG_ID}/things/{id}' },
    });
    expect(included.env).toEqual(['ORG_ID']);
    expect(included.yaml).toContain('ORG_ID: an existing object tenant A owns');
  });

  it.each([
    ['not: [valid', /not valid JSON or YAML/],
    ['swagger: "1.2"\npaths: {}', /swagger 1.2 is not supported/],
    ['openapi: 3.0.0\ninfo: {title: t, version: "1"}', /no paths/],
    ['openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths: {/a: {head: {}}}', /none of the 1/],
    ['[1, 2]', /an object/],
    ['{"info": {}}', /OpenAPI 3.x or Swagger 2.0/],
    [
      'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths: {/a: {post: {requestBody: {content: {application/json: {schema: {$ref: "#/nope"}}}}, responses: {}}}}',
      /^a \$ref cannot be resolved: .*#\/nope/,
    ],
  ])('refuses %j with invalid_openapi, saying why', async (text, message) => {
    const result = await refused(text);
    expect(result.code).toBe('invalid_openapi');
    expect(result.issues[0]?.message).toMatch(message);
  });
});
