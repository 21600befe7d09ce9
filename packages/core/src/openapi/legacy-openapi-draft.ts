import { parse as parseYaml } from 'yaml';

import { parseConfigDocument } from '../config/parse-config';
import type { OpenApiIssue } from './import-result';

export interface OpenApiDraftOptions {
  /** Overrides the document's first `servers[].url`. */
  baseUrl?: string;
  /** Overrides `info.title`. */
  name?: string;
}

export type OpenApiDraftResult =
  | { ok: true; config: Record<string, unknown>; warnings: string[] }
  | { ok: false; issues: OpenApiIssue[] };

type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const MAX_ROUTES = 200;
const MAX_SAMPLE_DEPTH = 8;
const PLACEHOLDER_BASE_URL = 'https://api.example.com';

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * @deprecated The API's synchronous draft until it moves to {@link importOpenApi} (async: the
 * maintained parser is); delete this file then.
 *
 * Turns an OpenAPI 3 document (JSON or YAML text) into a draft config of docs/spec/config.md
 * for a person to review: one route per operation, sample bodies from the operation's examples
 * or built from its schema, and read/update/delete/list checks where a collection and an item
 * path pair up. Pure: no network, no file access; `$ref`s are resolved inside the document.
 */
export function draftConfigFromOpenApi(
  text: string,
  options: OpenApiDraftOptions = {},
): OpenApiDraftResult {
  let document: unknown;
  try {
    document = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : 'parse error';
    return { ok: false, issues: [{ path: '', message: `not valid JSON or YAML: ${message}` }] };
  }
  if (!isObject(document)) {
    return {
      ok: false,
      issues: [{ path: '', message: 'must be an OpenAPI document (an object)' }],
    };
  }
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.')) {
    return {
      ok: false,
      issues: [
        {
          path: 'openapi',
          message: 'must be an OpenAPI 3.x document (Swagger 2 is not supported)',
        },
      ],
    };
  }
  if (!isObject(document.paths) || Object.keys(document.paths).length === 0) {
    return { ok: false, issues: [{ path: 'paths', message: 'has no paths to turn into routes' }] };
  }
  const warnings: string[] = [];
  const resolver = new RefResolver(document);
  const baseUrl = options.baseUrl ?? serverUrl(document, warnings);
  const name = sanitiseName(
    options.name ?? (isObject(document.info) ? (scalarText(document.info.title) ?? '') : ''),
  );

  const routes: Json[] = [];
  const ids = new Set<string>();
  const operations: { method: string; path: string; route: Json; operation: Json }[] = [];
  for (const [path, rawItem] of Object.entries(document.paths)) {
    const item = resolver.deref(rawItem);
    if (!isObject(item) || !path.startsWith('/')) continue;
    for (const method of METHODS) {
      const operation = resolver.deref(item[method]);
      if (!isObject(operation)) continue;
      if (routes.length >= MAX_ROUTES) {
        warnings.push(`only the first ${MAX_ROUTES} operations became routes`);
        break;
      }
      const where = `${method.toUpperCase()} ${path}`;
      const route: Json = {
        id: uniqueId(routeId(operation, method, path), ids),
        method: method.toUpperCase(),
        path: concretePath(
          path,
          [...asArray(item.parameters), ...asArray(operation.parameters)],
          resolver,
          where,
          warnings,
        ),
      };
      if (method !== 'get' && method !== 'delete') {
        const body = sampleBody(operation, resolver, where, warnings);
        if (body !== undefined) route.body = body;
      }
      routes.push(route);
      operations.push({ method, path, route, operation });
    }
  }
  if (routes.length === 0) {
    return {
      ok: false,
      issues: [{ path: 'paths', message: 'has no get, post, put, patch or delete operations' }],
    };
  }
  addResources(operations, resolver);

  const config = { version: 1, target: { name, baseUrl }, routes };
  const checked = parseConfigDocument(config);
  if (!checked.ok) {
    return {
      ok: false,
      issues: checked.issues.map((issue) => ({
        path: '',
        message: `the draft is not a valid config (${issue.path}: ${issue.message}); check the document's servers and paths`,
      })),
    };
  }
  return { ok: true, config, warnings };
}

/** A string, number or boolean as text; undefined for anything else. */
function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

class RefResolver {
  constructor(private readonly document: Json) {}

  /** Follows local `#/…` references (at most 20 hops); unknown ones resolve to undefined. */
  deref(value: unknown): unknown {
    let current = value;
    for (
      let hops = 0;
      hops < 20 && isObject(current) && typeof current.$ref === 'string';
      hops += 1
    ) {
      current = this.lookup(current.$ref);
    }
    return current;
  }

  lookup(ref: string): unknown {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = this.document;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node)) return undefined;
      node = node[key];
    }
    return node;
  }
}

function serverUrl(document: Json, warnings: string[]): string {
  const server = asArray(document.servers)[0];
  if (!isObject(server) || typeof server.url !== 'string') {
    warnings.push(`the document names no server: set target.baseUrl (now ${PLACEHOLDER_BASE_URL})`);
    return PLACEHOLDER_BASE_URL;
  }
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return (isObject(variable) ? scalarText(variable.default) : undefined) ?? whole;
  });
  if (!/^https?:\/\/[^/{}]+/.test(url)) {
    warnings.push(
      `servers[0].url "${server.url}" is not an absolute http(s) URL: set target.baseUrl (now ${PLACEHOLDER_BASE_URL})`,
    );
    return PLACEHOLDER_BASE_URL;
  }
  return url.replace(/\/+$/, '').replace(/[?#].*$/, '');
}

function sanitiseName(title: string): string {
  const cleaned = title
    .replace(/[^A-Za-z0-9 ._-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100)
    .trim();
  return cleaned === '' ? 'imported-api' : cleaned;
}

function routeId(operation: Json, method: string, path: string): string {
  const fromOperation =
    typeof operation.operationId === 'string'
      ? operation.operationId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '')
      : '';
  if (fromOperation !== '') return fromOperation.slice(0, 90);
  const slug = path
    .replace(/\{[^}]+\}/g, 'by-id')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${method}-${slug || 'root'}`.slice(0, 90);
}

function uniqueId(id: string, ids: Set<string>): string {
  let candidate = id;
  for (let n = 2; ids.has(candidate); n += 1) candidate = `${id}-${n}`;
  ids.add(candidate);
  return candidate;
}

function concretePath(
  path: string,
  parameters: unknown[],
  resolver: RefResolver,
  where: string,
  warnings: string[],
): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const parameter = parameters
      .map((candidate) => resolver.deref(candidate))
      .find(
        (candidate) => isObject(candidate) && candidate.name === name && candidate.in === 'path',
      ) as Json | undefined;
    const value = scalarText(
      parameter?.example ??
        (parameter ? sample(resolver.deref(parameter.schema), resolver, 0, new Set()) : undefined),
    );
    if (value === undefined) {
      warnings.push(`${where}: no sample for path parameter ${name}; used 1`);
      return '1';
    }
    warnings.push(
      `${where}: path parameter ${name} set to ${value}; adjust it to an existing object`,
    );
    return encodeURIComponent(value);
  });
}

function sampleBody(
  operation: Json,
  resolver: RefResolver,
  where: string,
  warnings: string[],
): unknown {
  const requestBody = resolver.deref(operation.requestBody);
  if (!isObject(requestBody) || !isObject(requestBody.content)) return undefined;
  const mediaKey = Object.keys(requestBody.content).find((key) => /json/i.test(key));
  if (mediaKey === undefined) {
    warnings.push(
      `${where}: the body is not JSON (${Object.keys(requestBody.content).join(', ')}); no sample body`,
    );
    return undefined;
  }
  const media = resolver.deref(requestBody.content[mediaKey]);
  if (!isObject(media)) return undefined;
  if (media.example !== undefined) return media.example;
  if (isObject(media.examples)) {
    const first = resolver.deref(Object.values(media.examples)[0]);
    if (isObject(first) && first.value !== undefined) return first.value;
  }
  const built = sample(resolver.deref(media.schema), resolver, 0, new Set());
  if (built === undefined) warnings.push(`${where}: no schema or example for the body`);
  return built;
}

const FORMAT_SAMPLES: Record<string, unknown> = {
  email: 'user@example.com',
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  uuid: '00000000-0000-4000-8000-000000000000',
  uri: 'https://example.com',
  url: 'https://example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
};

/** A value the schema accepts: examples and defaults first, else built from the types. */
function sample(
  schemaValue: unknown,
  resolver: RefResolver,
  depth: number,
  seen: Set<unknown>,
): unknown {
  const schema = resolver.deref(schemaValue);
  if (!isObject(schema) || depth > MAX_SAMPLE_DEPTH || seen.has(schema)) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const next = new Set(seen).add(schema);
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => sample(part, resolver, depth + 1, next));
    if (parts.every(isObject)) return Object.assign({}, ...parts) as Json;
    return parts.find((part) => part !== undefined);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0)
      return sample(options[0], resolver, depth + 1, next);
  }
  const type: unknown = Array.isArray(schema.type)
    ? (schema.type as unknown[]).find((t) => t !== 'null')
    : schema.type;
  switch (type) {
    case 'string':
      return (
        (typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined) ?? 'string'
      );
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array': {
      const item = sample(schema.items, resolver, depth + 1, next);
      return item === undefined ? [] : [item];
    }
    case 'object':
    default: {
      if (!isObject(schema.properties)) return type === 'object' ? {} : undefined;
      const result: Json = {};
      for (const [key, property] of Object.entries(schema.properties)) {
        const resolved = resolver.deref(property);
        if (isObject(resolved) && resolved.readOnly === true) continue;
        const value = sample(resolved, resolver, depth + 1, next);
        if (value !== undefined) result[key] = value;
      }
      return result;
    }
  }
}

/**
 * `POST /things` + `GET /things/{x}` (and PUT/PATCH/DELETE on it, GET /things) become the
 * create route's `resource`, so the read-back checks (idempotency, unknown fields, tenants)
 * can run. The id is taken from `/id` of the create answer.
 */
function addResources(
  operations: { method: string; path: string; route: Json; operation: Json }[],
  resolver: RefResolver,
): void {
  for (const create of operations.filter((candidate) => candidate.method === 'post')) {
    const itemPattern = new RegExp(
      `^${escapeRegExp(create.path.replace(/\/+$/, ''))}/\\{[^}/]+\\}$`,
    );
    const onItem = (method: string) =>
      operations.find(
        (candidate) => candidate.method === method && itemPattern.test(candidate.path),
      );
    const read = onItem('get');
    if (!read) continue;
    const itemPath = (read.route.path as string).replace(/\/[^/]*$/, '/{id}');
    const resource: Json = {
      idPath: idPathOf(create.operation, resolver),
      read: { method: 'GET', path: itemPath },
    };
    const update = onItem('patch') ?? onItem('put');
    if (update) {
      resource.update = {
        method: update.method.toUpperCase(),
        path: itemPath,
        ...(update.route.body !== undefined ? { body: update.route.body } : {}),
      };
    }
    const remove = onItem('delete');
    if (remove) resource.delete = { method: 'DELETE', path: itemPath };
    const list = operations.find(
      (candidate) => candidate.method === 'get' && candidate.path === create.path,
    );
    if (list) resource.list = { method: 'GET', path: create.route.path as string };
    create.route.resource = resource;
  }
}

function idPathOf(operation: Json, resolver: RefResolver): string {
  const responses = isObject(operation.responses) ? operation.responses : {};
  for (const status of ['201', '200', '202']) {
    const response = resolver.deref(responses[status]);
    if (!isObject(response) || !isObject(response.content)) continue;
    const media = resolver.deref(Object.values(response.content)[0]);
    const schema = isObject(media) ? resolver.deref(media.schema) : undefined;
    if (isObject(schema) && isObject(schema.properties)) {
      const key = ['id', 'uuid', '_id'].find(
        (candidate) => candidate in (schema.properties as Json),
      );
      if (key) return `/${key}`;
    }
  }
  return '/id';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
