import { isObject, type Json } from './json';

/**
 * OpenAPI schema objects, read as JSON Schema 2020-12 (the dialect of OpenAPI 3.1): the
 * keywords both views keep, the places where subschemas sit, and the OpenAPI 3.0 spellings that
 * change on the way (`nullable`, boolean `exclusiveMinimum`, `example`).
 */

/** Keywords whose value is one subschema. */
export const SINGLE_SUBSCHEMA = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
] as const;
/** Keywords whose value is a list of subschemas. */
export const LIST_SUBSCHEMAS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
/** Keywords whose value maps names to subschemas. */
export const MAP_SUBSCHEMAS = ['properties', 'patternProperties', 'dependentSchemas'] as const;

/** Keywords copied as they are. Everything else (`x-*`, `discriminator`, `xml`, docs) is dropped. */
const VALUE_KEYWORDS = [
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minContains',
  'maxContains',
  'minProperties',
  'maxProperties',
  'required',
  'dependentRequired',
  'default',
  'examples',
] as const;

/** A `$ref` the dereferencing left in place: another file or a URL, never fetched. */
export class UnresolvedRefError extends Error {
  constructor(readonly ref: string) {
    super(`refers to ${ref}, which the import never fetches`);
  }
}

/** Whether a property is set by the server: OpenAPI's `readOnly`, never sent in a request. */
export function isReadOnly(schema: unknown): boolean {
  return isObject(schema) && schema.readOnly === true;
}

/**
 * The plain keywords of `schema` in 2020-12 spelling. Subschema keywords are left to the
 * caller, which walks them its own way.
 */
export function plainKeywords(schema: Json, openapi30: boolean): Json {
  if (typeof schema.$ref === 'string') throw new UnresolvedRefError(schema.$ref);
  const result: Json = {};
  for (const keyword of VALUE_KEYWORDS) {
    if (schema[keyword] !== undefined) result[keyword] = schema[keyword];
  }
  if (result.type === 'file') {
    result.type = 'string';
    result.format = 'binary';
  }
  if (!Array.isArray(result.examples)) {
    delete result.examples;
    if (schema.example !== undefined) result.examples = [schema.example];
  }
  if (openapi30) convertOpenApi30(schema, result);
  if (Array.isArray(result.required)) {
    result.required = result.required.filter((name) => typeof name === 'string');
  }
  return result;
}

function convertOpenApi30(schema: Json, result: Json): void {
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (typeof schema[exclusive] !== 'boolean') continue;
    delete result[exclusive];
    if (schema[exclusive] === true && typeof schema[bound] === 'number') {
      result[exclusive] = schema[bound];
      delete result[bound];
    }
  }
  if (schema.nullable === true) {
    if (typeof result.type === 'string') result.type = [result.type, 'null'];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) {
      result.enum = [...(result.enum as unknown[]), null];
    }
  }
}

/** The subschemas of `schema`, with where each sits, in a stable order. */
export function subschemaEntries(
  schema: Json,
): { keyword: string; key?: string | number; value: unknown }[] {
  const entries: { keyword: string; key?: string | number; value: unknown }[] = [];
  for (const keyword of SINGLE_SUBSCHEMA) {
    const value = schema[keyword];
    if (keyword === 'items' && Array.isArray(value)) {
      value.forEach((item, index) =>
        entries.push({ keyword: 'prefixItems', key: index, value: item }),
      );
    } else if (isObject(value) || typeof value === 'boolean') {
      entries.push({ keyword, value });
    }
  }
  for (const keyword of LIST_SUBSCHEMAS) {
    const value = schema[keyword];
    if (Array.isArray(value))
      value.forEach((item, index) => entries.push({ keyword, key: index, value: item }));
  }
  for (const keyword of MAP_SUBSCHEMAS) {
    const value = schema[keyword];
    if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) entries.push({ keyword, key, value: item });
    }
  }
  return entries;
}

/** Places `value` at `keyword`/`key` of `target`, as {@link subschemaEntries} found it. */
export function placeSubschema(
  target: Json,
  keyword: string,
  key: string | number | undefined,
  value: unknown,
): void {
  if (key === undefined) {
    target[keyword] = value;
  } else if (typeof key === 'number') {
    const list = (target[keyword] ??= []) as unknown[];
    list[key] = value;
  } else {
    const map = (target[keyword] ??= {}) as Json;
    map[key] = value;
  }
}
