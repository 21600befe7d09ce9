/**
 * The demo's own OpenAPI 3.1 description, served at `GET /openapi.json`: what a real API hands
 * to `shakedown init --openapi URL`. It describes the correct API (16 KB bodies, the 20-per-10 s
 * limit of `GET /notes`, unknown fields dropped); the defects are what the run finds.
 */
const NOTE_INPUT = {
  type: 'object',
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200 },
    body: { type: 'string', maxLength: 10_000 },
    pinned: { type: 'boolean' },
    priority: { type: 'integer', minimum: 0, maximum: 5 },
  },
} as const;

const ERROR = {
  description: 'What was wrong',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'string' } },
      },
    },
  },
} as const;

const json = (schema: unknown, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': {
    description: 'Requests allowed per 10-second window and caller',
    schema: { type: 'integer', example: 20 },
  },
  'RateLimit-Remaining': { schema: { type: 'integer' } },
  'RateLimit-Reset': { schema: { type: 'integer' } },
} as const;

const NOTE_ID = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'integer', minimum: 1 },
} as const;

const PUBLIC = { security: [] } as const;

export const DEMO_OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'demo-api',
    version: '1.0.0',
    description: 'The Shakedown demo: notes with two bearer-token tenants.',
  },
  servers: [{ url: 'http://127.0.0.1:4010' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      NoteInput: { ...NOTE_INPUT, required: ['title'] },
      NotePatch: NOTE_INPUT,
      Note: {
        type: 'object',
        required: ['id', 'title', 'pinned', 'priority', 'createdAt'],
        properties: {
          id: { type: 'integer', readOnly: true },
          ...NOTE_INPUT.properties,
          createdAt: { type: 'string', format: 'date-time', readOnly: true },
        },
      },
    },
  },
  paths: {
    '/health': {
      get: { operationId: 'health', ...PUBLIC, responses: { 200: { description: 'Up' } } },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        ...PUBLIC,
        responses: { 200: { description: 'This document' } },
      },
    },
    '/stats': {
      get: {
        operationId: 'noteStats',
        responses: {
          200: json(
            {
              type: 'object',
              properties: { notes: { type: 'integer' }, pinned: { type: 'integer' } },
            },
            "The caller's counts",
          ),
          401: ERROR,
        },
      },
    },
    '/notes': {
      post: {
        operationId: 'createNote',
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/NoteInput' },
              example: { title: 'Groceries', body: 'milk, eggs and bread', pinned: false },
            },
          },
        },
        responses: {
          201: json({ $ref: '#/components/schemas/Note' }, 'The note'),
          400: ERROR,
          413: ERROR,
        },
      },
      get: {
        operationId: 'listNotes',
        responses: {
          200: {
            ...json(
              {
                type: 'object',
                properties: {
                  items: { type: 'array', items: { $ref: '#/components/schemas/Note' } },
                  nextCursor: { type: ['string', 'null'] },
                },
              },
              "The caller's latest 100 notes, without their bodies",
            ),
            headers: RATE_LIMIT_HEADERS,
          },
          429: { ...ERROR, headers: RATE_LIMIT_HEADERS },
        },
      },
    },
    '/notes/{id}': {
      parameters: [NOTE_ID],
      get: {
        operationId: 'getNote',
        responses: { 200: json({ $ref: '#/components/schemas/Note' }, 'The note'), 404: ERROR },
      },
      patch: {
        operationId: 'updateNote',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/NotePatch' } } },
        },
        responses: { 200: json({ $ref: '#/components/schemas/Note' }, 'The note'), 404: ERROR },
      },
      delete: {
        operationId: 'deleteNote',
        responses: { 204: { description: 'Deleted' }, 404: ERROR },
      },
    },
  },
} as const;
