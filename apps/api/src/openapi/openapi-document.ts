import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ERROR_CODES, ErrorBodySchema, type EndpointSpec } from '@shakedown/core/contract';
import { z } from 'zod';

import { ENDPOINT } from '../common/endpoint';

type JsonObject = Record<string, unknown>;

/** Every endpoint spec of the app's controllers (what the router serves). */
export function collectEndpoints(app: INestApplication): EndpointSpec[] {
  const discovery = app.get(DiscoveryService);
  const scanner = new MetadataScanner();
  const specs: EndpointSpec[] = [];
  for (const wrapper of discovery.getControllers()) {
    const prototype = Object.getPrototypeOf(wrapper.instance as object) as object | null;
    if (!prototype) continue;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name];
      const spec =
        typeof handler === 'function'
          ? (Reflect.getMetadata(ENDPOINT, handler) as EndpointSpec | undefined)
          : undefined;
      if (spec) specs.push(spec);
    }
  }
  return specs;
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as JsonObject;
  delete json.$schema;
  return json;
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input (validation_failed, invalid_json, body_too_deep, …); nothing was stored',
  '401': 'No valid session or API key',
  '403': 'Missing CSRF token, or the role does not allow it',
  '404': 'No such object in the organisation (another organisation’s objects included)',
  '409': 'Conflict (see the code)',
  '413': 'Body larger than the endpoint accepts',
  '415': 'Body is not application/json',
  '422': 'Idempotency-Key reused with another request',
  '429': 'Rate limited; see Retry-After and RateLimit',
};

function errorsFor(spec: EndpointSpec): string[] {
  const statuses = ['400', '429'];
  if (spec.access !== 'public') statuses.push('401', '403');
  if (spec.path.includes(':')) statuses.push('404');
  if (spec.method !== 'GET' && spec.method !== 'DELETE') statuses.push('413', '415');
  if (spec.idempotent) statuses.push('409', '422');
  if (spec.method === 'POST' || spec.method === 'PUT') statuses.push('409');
  statuses.push(...Object.keys(spec.errors ?? {}));
  return [...new Set(statuses)].sort();
}

/**
 * The OpenAPI 3.1 document, built from the same endpoint specs the router and the validation
 * use, so it cannot drift from the code. Bodies and answers are the contract's zod schemas.
 */
export function buildOpenApiDocument(app: INestApplication, serverUrl?: string): JsonObject {
  const paths: Record<string, Record<string, unknown>> = {};
  const specs = collectEndpoints(app).sort((a, b) => a.path.localeCompare(b.path));
  for (const spec of specs) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: JsonObject[] = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    }));
    if (spec.query) {
      const query = schemaOf(spec.query, 'input') as {
        properties?: JsonObject;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({
          name,
          in: 'query',
          required: query.required?.includes(name) ?? false,
          schema,
        });
      }
    }
    if (spec.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'A retry with the same key returns the first answer; see docs/api.md',
        schema: { type: 'string', maxLength: 255 },
      });
    }
    if (spec.access !== 'public' && spec.access !== 'user') {
      parameters.push({
        name: 'X-Org-Id',
        in: 'header',
        required: false,
        description: 'Cookie sessions: the organisation to act in (API keys carry theirs)',
        schema: { type: 'string', format: 'uuid' },
      });
    }
    const status = String(spec.status ?? 200);
    const success: JsonObject = { description: spec.summary };
    if (spec.produces) {
      success.content = Object.fromEntries(
        spec.produces.map((type) => [type, { schema: { type: 'string' } }]),
      );
    } else if (spec.response) {
      success.content = { 'application/json': { schema: schemaOf(spec.response, 'output') } };
    }
    const responses: JsonObject = { [status]: success };
    for (const code of errorsFor(spec)) {
      responses[code] = {
        description: spec.errors?.[code] ?? ERROR_RESPONSES[code],
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const operation: JsonObject = {
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      operationId: `${spec.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters,
      responses,
      security:
        spec.access === 'public'
          ? []
          : spec.access === 'user'
            ? [{ session: [] }]
            : [{ session: [] }, { apiKey: [] }],
    };
    if (spec.body && spec.method !== 'GET' && spec.method !== 'DELETE') {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(spec.body, 'input') } },
      };
    }
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = operation;
  }
  paths['/api/docs'] = {
    get: {
      tags: ['docs'],
      summary: 'This documentation (Swagger UI)',
      security: [],
      responses: { '200': { description: 'HTML' } },
    },
  };
  paths['/api/docs.json'] = {
    get: {
      tags: ['docs'],
      summary: 'This OpenAPI document',
      security: [],
      responses: { '200': { description: 'OpenAPI 3.1 JSON' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shakedown API',
      version: '1',
      description:
        'The hosted Shakedown API. Every error answers `{ "error": { "code", "message", "requestId", "details"? } }` ' +
        `with one of the codes: ${ERROR_CODES.join(', ')}. Cookie-authenticated writes need X-CSRF-Token.`,
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: schemaOf(ErrorBodySchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'sd_session' },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An organisation API key (sd_key_…)',
        },
      },
    },
  };
}
