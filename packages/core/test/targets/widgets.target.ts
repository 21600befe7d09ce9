import type { IncomingMessage, ServerResponse } from 'node:http';

import Ajv from 'ajv';

import { startTarget, type RunningTarget } from './start-target';

/**
 * A widget's body as a JSON Schema an OpenAPI 3.0 document can hold: the constraints the
 * constraint check breaks (maxLength, enum, minimum, pattern, required), and those where breaking
 * proves nothing against a server that follows its document (a format, a readOnly id, a
 * nullable field's null, a oneOf, a map's values).
 */
export const WIDGET_INPUT = {
  type: 'object',
  required: ['name', 'kind', 'qty', 'sku', 'address'],
  properties: {
    id: { type: 'integer', readOnly: true },
    name: { type: 'string', maxLength: 20 },
    kind: { type: 'string', enum: ['gear', 'bolt'] },
    qty: { type: 'integer', minimum: 1 },
    sku: { type: 'string', pattern: '^[A-Z]{3}-[0-9]{3}$' },
    contact: { type: 'string', format: 'email' },
    note: { type: 'string', nullable: true, maxLength: 10 },
    size: {
      oneOf: [
        { type: 'integer', maximum: 10 },
        { type: 'string', maxLength: 3 },
      ],
    },
    labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 5 } },
    code: { type: 'string', minLength: 3 },
    pack: { type: 'integer', multipleOf: 6 },
    unit: { type: 'string', const: 'mm' },
    tags: {
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
    },
    address: {
      type: 'object',
      required: ['zip'],
      properties: {
        zip: { type: 'string', maxLength: 10 },
        street: { allOf: [{ type: 'string' }, { type: 'string', minLength: 2 }] },
      },
    },
  },
} as const;

/** A stored widget, as the API answers it. */
export const WIDGET = {
  type: 'object',
  required: ['id'],
  properties: {
    ...WIDGET_INPUT.properties,
    id: { type: 'integer' },
    contact: { type: 'string' },
  },
} as const;

/** What {@link WIDGET_INPUT} lets the constraint check break: every one is enforced or not. */
export const WIDGET_CONSTRAINTS = [
  { field: 'name', constraint: 'maxLength: 20' },
  { field: 'kind', constraint: 'enum: "gear", "bolt"' },
  { field: 'qty', constraint: 'minimum: 1' },
  { field: 'sku', constraint: 'pattern: ^[A-Z]{3}-[0-9]{3}$' },
  { field: 'note', constraint: 'maxLength: 10' },
  { field: 'code', constraint: 'minLength: 3' },
  { field: 'pack', constraint: 'multipleOf: 6' },
  { field: 'unit', constraint: 'const: "mm"' },
  { field: 'tags', constraint: 'minItems: 1' },
  { field: 'tags', constraint: 'maxItems: 2' },
  { field: 'tags', constraint: 'uniqueItems' },
  { field: 'address.zip', constraint: 'maxLength: 10' },
  { field: 'address.street', constraint: 'minLength: 2' },
  { field: 'name', constraint: 'required' },
  { field: 'kind', constraint: 'required' },
  { field: 'qty', constraint: 'required' },
  { field: 'sku', constraint: 'required' },
  { field: 'address', constraint: 'required' },
  { field: 'address.zip', constraint: 'required' },
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

/**
 * The widgets API's OpenAPI 3.0 document, written as people write them: `$ref`s to components,
 * a `parent` that refers back to the body's own schema (a cycle), no security (every route public).
 */
export const WIDGETS_DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'widgets', version: '1' },
  paths: {
    '/widgets': {
      post: {
        operationId: 'createWidget',
        requestBody: { required: true, content: json(ref('WidgetInput')) },
        responses: {
          '201': { description: 'stored', content: json(ref('Widget')) },
          '400': { description: 'the body breaks the schema' },
        },
      },
    },
    '/widgets/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: { responses: { '200': { description: 'the widget', content: json(ref('Widget')) } } },
      delete: { responses: { '204': { description: 'gone' } } },
    },
  },
  components: {
    schemas: {
      WidgetInput: {
        ...WIDGET_INPUT,
        properties: { ...WIDGET_INPUT.properties, parent: ref('WidgetInput') },
      },
      Widget: WIDGET,
    },
  },
};

/**
 * How the API treats a body: `store` keeps any JSON object as sent (the defect); `validate`
 * follows its document as a lenient validator may: it checks every keyword but `format` (an
 * annotation it may ignore) and sets `id` itself, whatever the body says; `normalise` checks
 * nothing but stores a forgiving API's version of the body (see {@link normaliseWidget}).
 */
export type WidgetsBehaviour = 'store' | 'validate' | 'normalise';

/**
 * What a forgiving API keeps instead of refusing: every string trimmed, a `code` padded to its
 * three characters, an address's too-short `street` as `unknown`, `tags` without repeats and
 * `[]` when left out, the address's `zip` moved to the top level. What it repairs stays
 * unreported: the read-back never holds what was sent where it was sent, or (an empty `tags`)
 * holds what leaving it out holds.
 */
export function normaliseWidget(body: Record<string, unknown>): Record<string, unknown> {
  const trim = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
  const widget = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, trim(value)]));
  if (typeof widget.code === 'string') widget.code = widget.code.padEnd(3, '0');
  widget.tags = Array.isArray(widget.tags) ? [...new Set(widget.tags)] : [];
  if (widget.address === undefined) return widget;
  // The zip is kept in a column of its own, and answered at the top level.
  const { zip, ...address } = widget.address as Record<string, unknown>;
  if (typeof address.street === 'string' && address.street.trim().length < 2) {
    address.street = 'unknown';
  }
  return { ...widget, address, ...(zip !== undefined && { zip }) };
}

/** Widgets kept in memory: POST /widgets, GET and DELETE /widgets/{id}. */
export class WidgetStore {
  private readonly widgets = new Map<number, Record<string, unknown>>();
  private nextId = 1;

  create(body: Record<string, unknown>): Record<string, unknown> {
    const widget = { ...body, id: this.nextId++ };
    this.widgets.set(widget.id, widget);
    return widget;
  }

  read(id: number): Record<string, unknown> | undefined {
    return this.widgets.get(id);
  }

  remove(id: number): boolean {
    return this.widgets.delete(id);
  }
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export interface WidgetsTarget extends RunningTarget {
  /** Why each refused body was refused (ajv's words). */
  refused: string[];
}

export async function startWidgetsTarget(behaviour: WidgetsBehaviour): Promise<WidgetsTarget> {
  const store = new WidgetStore();
  const refused: string[] = [];
  const ajv = new Ajv({ strict: false, validateFormats: false });
  const validate = ajv.compile(structuredClone(WIDGET_INPUT) as Record<string, unknown>);
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://widgets.local').pathname;
    const item = /^\/widgets\/(\d+)$/.exec(path);
    if (path === '/widgets' && request.method === 'POST') {
      const body = await readBody(request);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return send(response, 400, { error: 'the body must be a JSON object' });
      }
      if (behaviour === 'validate' && !validate(body)) {
        refused.push(ajv.errorsText(validate.errors));
        return send(response, 400, { error: refused.at(-1) });
      }
      const kept = body as Record<string, unknown>;
      return send(
        response,
        201,
        store.create(behaviour === 'normalise' ? normaliseWidget(kept) : kept),
      );
    }
    if (item && request.method === 'GET') {
      const widget = store.read(Number(item[1]));
      return widget ? send(response, 200, widget) : send(response, 404, { error: 'not found' });
    }
    if (item && request.method === 'DELETE') {
      return send(response, store.remove(Number(item[1])) ? 204 : 404);
    }
    send(response, 404, { error: 'not found' });
  };
  const target = await startTarget((request, response) => {
    // A body too deep to write back (the deep-nesting check) is a 500 here, not a crash.
    handle(request, response).catch(() => send(response, 500, { error: 'internal error' }));
  });
  return Object.assign(target, { refused });
}
