import { parseConfigDocument } from '../config/parse-config';
import { draftConfigFromOpenApi } from './legacy-openapi-draft';

const ORDERS_YAML = `
openapi: 3.0.3
info: { title: "Orders API (v2)", version: "2" }
servers:
  - url: https://{region}.orders.example.com/v2
    variables: { region: { default: eu } }
paths:
  /orders:
    get:
      operationId: listOrders
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewOrder' }
      responses:
        '201':
          content:
            application/json:
              schema: { type: object, properties: { orderId: { type: string } , id: { type: string } } }
  /orders/{orderId}:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: integer, example: 42 } }
    get: { operationId: getOrder }
    patch:
      operationId: updateOrder
      requestBody:
        content:
          application/json:
            example: { qty: 2 }
    delete: { operationId: deleteOrder }
components:
  schemas:
    NewOrder:
      type: object
      required: [item]
      properties:
        id: { type: string, readOnly: true }
        item: { type: string, example: book }
        qty: { type: integer, minimum: 1 }
        email: { type: string, format: email }
        tags: { type: array, items: { type: string, enum: [gift, express] } }
        parent: { $ref: '#/components/schemas/NewOrder' }
`;

describe('OpenAPI 3 → draft config', () => {
  it('makes one valid route per operation, with sample bodies from examples and schemas', () => {
    const result = draftConfigFromOpenApi(ORDERS_YAML);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(parseConfigDocument(result.config).ok).toBe(true);
    const config = result.config as {
      target: { name: string; baseUrl: string };
      routes: Record<string, unknown>[];
    };
    expect(config.target).toEqual({
      name: 'Orders API v2',
      baseUrl: 'https://eu.orders.example.com/v2',
    });
    expect(config.routes.map((route) => route.id)).toEqual([
      'listOrders',
      'createOrder',
      'getOrder',
      'updateOrder',
      'deleteOrder',
    ]);
    const create = config.routes[1]!;
    // readOnly id skipped; the recursive $ref is left out instead of looping.
    expect(create.body).toEqual({
      item: 'book',
      qty: 1,
      email: 'user@example.com',
      tags: ['gift'],
    });
    expect(config.routes[2]!.path).toBe('/orders/42');
    expect(config.routes[3]!.body).toEqual({ qty: 2 });
  });

  it('pairs a collection with its item path into read-back checks', () => {
    const result = draftConfigFromOpenApi(ORDERS_YAML);
    if (!result.ok) throw new Error('draft failed');
    const create = (result.config.routes as Record<string, unknown>[])[1]!;
    expect(create.resource).toEqual({
      idPath: '/id',
      read: { method: 'GET', path: '/orders/{id}' },
      update: { method: 'PATCH', path: '/orders/{id}', body: { qty: 2 } },
      delete: { method: 'DELETE', path: '/orders/{id}' },
      list: { method: 'GET', path: '/orders' },
    });
  });

  it('reads JSON too, and takes overrides for name and base URL', () => {
    const json = JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'x' },
      paths: { '/ping': { get: {} } },
    });
    const result = draftConfigFromOpenApi(json, {
      name: 'ping-api',
      baseUrl: 'http://127.0.0.1:4010',
    });
    expect(result).toEqual({
      ok: true,
      warnings: [],
      config: {
        version: 1,
        target: { name: 'ping-api', baseUrl: 'http://127.0.0.1:4010' },
        routes: [{ id: 'get-ping', method: 'GET', path: '/ping' }],
      },
    });
  });

  it('warns when the document names no usable server', () => {
    const result = draftConfigFromOpenApi(
      'openapi: 3.0.0\ninfo: {title: t}\nservers: [{url: /api}]\npaths: {/a: {get: {}}}',
    );
    expect(result.ok && result.warnings[0]).toMatch(/not an absolute http\(s\) URL/);
  });

  it.each([
    ['not: [valid', /not valid JSON or YAML/],
    ['swagger: "2.0"\npaths: {}', /OpenAPI 3/],
    ['openapi: 3.0.0\npaths: {}', /no paths/],
    ['openapi: 3.0.0\npaths: {/a: {head: {}}}', /no get, post/],
    ['[1, 2]', /an object/],
  ])('refuses %j, saying why', (text, message) => {
    const result = draftConfigFromOpenApi(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]?.message).toMatch(message);
  });
});
