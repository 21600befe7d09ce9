import type { HttpMethod } from '../config/config.schema';
import { asArray, isObject, type Json } from './json';

const DRAFTED_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const OTHER_METHODS = ['head', 'options', 'trace'] as const;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: unknown;
  /** `example`, or the first of `examples`. */
  example: unknown;
}

/** One operation of the document, with what the path item adds to it. */
export interface Operation {
  /** `POST /things`, as the document writes the path. */
  key: string;
  method: HttpMethod;
  path: string;
  /** The path without trailing slashes: `/things/` and `/things` are one collection. */
  normalizedPath: string;
  operationId: string | undefined;
  operation: Json;
  /** The path item's parameters, overridden by the operation's (same name and place). */
  parameters: Parameter[];
  /** The requirements in force: the operation's `security`, else the document's; undefined if neither says. */
  security: Json[] | undefined;
}

export interface UndraftedOperation {
  key: string;
  reason: string;
}

export function collectOperations(document: Json): {
  operations: Operation[];
  undrafted: UndraftedOperation[];
} {
  const operations: Operation[] = [];
  const undrafted: UndraftedOperation[] = [];
  const globalSecurity = Array.isArray(document.security)
    ? document.security.filter(isObject)
    : undefined;
  for (const [path, item] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of OTHER_METHODS) {
      if (isObject(item[method])) {
        undrafted.push({
          key: `${method.toUpperCase()} ${path}`,
          reason: `${method.toUpperCase()} is not probed`,
        });
      }
    }
    for (const method of DRAFTED_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      if (!path.startsWith('/')) {
        undrafted.push({ key, reason: 'the path does not start with /' });
        continue;
      }
      operations.push({
        key,
        method: method.toUpperCase() as HttpMethod,
        path,
        normalizedPath: path.replace(/\/+$/, '') || '/',
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        operation,
        parameters: mergeParameters(asArray(item.parameters), asArray(operation.parameters)),
        security: Array.isArray(operation.security)
          ? operation.security.filter(isObject)
          : globalSecurity,
      });
    }
  }
  return { operations, undrafted };
}

function mergeParameters(pathLevel: unknown[], operationLevel: unknown[]): Parameter[] {
  const byPlace = new Map<string, Parameter>();
  for (const raw of [...pathLevel, ...operationLevel]) {
    const parameter = toParameter(raw);
    if (parameter) byPlace.set(`${parameter.in}:${parameter.name.toLowerCase()}`, parameter);
  }
  return [...byPlace.values()];
}

function toParameter(raw: unknown): Parameter | undefined {
  if (!isObject(raw) || typeof raw.name !== 'string') return undefined;
  if (raw.in !== 'path' && raw.in !== 'query' && raw.in !== 'header' && raw.in !== 'cookie')
    return undefined;
  const examples = isObject(raw.examples) ? Object.values(raw.examples) : [];
  const firstExample = examples.find(isObject)?.value;
  return {
    name: raw.name,
    in: raw.in,
    required: raw.required === true || raw.in === 'path',
    schema: raw.schema,
    example: raw.example ?? firstExample,
  };
}

/** `/orgs/{orgId}/things/{thingId}` → `['orgId', 'thingId']`. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}/]+)\}/g)].map((match) => match[1]!);
}

/** Whether the path ends in a template segment: `/things/{id}`. */
export function endsInParameter(path: string): boolean {
  return /\/\{[^}/]+\}$/.test(path);
}

/** `/things/{id}` → `/things`: the collection an item path belongs to. */
export function parentPath(path: string): string {
  return path.replace(/\/[^/]*$/, '') || '/';
}

/** The request body's JSON media type and its object, when the operation takes JSON. */
export function jsonRequestBody(operation: Json):
  | {
      required: boolean;
      mediaTypes: string[];
      media: Json | undefined;
    }
  | undefined {
  const requestBody = operation.requestBody;
  if (!isObject(requestBody) || !isObject(requestBody.content)) return undefined;
  const mediaTypes = Object.keys(requestBody.content);
  const jsonType =
    mediaTypes.find((type) => /^application\/(.+\+)?json\b/i.test(type)) ??
    mediaTypes.find((type) => /json/i.test(type));
  const media = jsonType === undefined ? undefined : requestBody.content[jsonType];
  return {
    required: requestBody.required === true,
    mediaTypes,
    media: isObject(media) ? media : undefined,
  };
}

/** The examples a media type object gives, in order. */
export function mediaExamples(media: Json | undefined): unknown[] {
  if (!media) return [];
  const examples: unknown[] = [];
  if (media.example !== undefined) examples.push(media.example);
  if (isObject(media.examples)) {
    for (const example of Object.values(media.examples)) {
      if (isObject(example) && example.value !== undefined) examples.push(example.value);
    }
  }
  return examples;
}

/** The 2xx responses of an operation, best first (201, 200, then the rest). */
export function successResponses(operation: Json): Json[] {
  const responses = isObject(operation.responses) ? operation.responses : {};
  return Object.keys(responses)
    .filter((status) => /^2(\d\d|XX)$/i.test(status))
    .sort((a, b) => rank(a) - rank(b))
    .map((status) => responses[status])
    .filter(isObject);
}

function rank(status: string): number {
  return status === '201' ? 0 : status === '200' ? 1 : 2;
}

/** The JSON schema of a response, when it has one. */
export function responseSchema(response: Json): unknown {
  if (!isObject(response.content)) return undefined;
  const entry =
    Object.entries(response.content).find(([type]) => /json/i.test(type)) ??
    Object.entries(response.content)[0];
  return entry && isObject(entry[1]) ? entry[1].schema : undefined;
}
