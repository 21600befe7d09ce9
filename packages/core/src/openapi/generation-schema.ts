import { asArray, isObject, type Json } from './json';
import { placeSubschema, plainKeywords, subschemaEntries } from './schema-keywords';
import { isServerOwned, looksServerSet, type ServerFields } from './server-fields';

/**
 * Which properties a sample carries. `required`: what the schema requires and nothing more.
 * `document`: the same where the schema lists `required`; where it lists nothing, every property
 * that does not look set by the server, down to {@link OPTIONAL_DEPTH} levels. A document that
 * bothers to list what a create needs is taken at its word; one that lists nothing gets a full
 * body, which is what such APIs usually want.
 */
export type SampleMode = 'document' | 'required';

const OPTIONAL_DEPTH = 2;

export class SampleTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`needs more than ${limit} values`);
  }
}

export interface GenerationOptions {
  mode: SampleMode;
  /** Most schema nodes the generation schema may have. */
  limit: number;
  /** Fields the server sets for this body. */
  fields: ServerFields;
  /** Which branch of every `oneOf`/`anyOf` to take (modulo its length): one per attempt. */
  branch: number;
}

/**
 * A finite schema tree for the sampler: only the properties a sample should carry (marked
 * required, so the sampler fills exactly those), `allOf` merged, `null` dropped where another
 * type is allowed, plain strings non-empty, cycles cut. Throws {@link SampleTooLargeError} when
 * the tree would pass `limit` nodes: the caller then retries with fewer properties or gives up.
 */
export function buildGenerationSchema(
  root: unknown,
  openapi30: boolean,
  options: GenerationOptions,
): Json {
  let nodes = 0;
  const onPath = new Set<Json>();

  const emit = (schema: unknown, depth: number, name: string): Json => {
    nodes += 1;
    if (nodes > options.limit) throw new SampleTooLargeError(options.limit);
    if (!isObject(schema)) return schema === false ? { not: {} } : {};
    if (onPath.has(schema)) return allowsNull(schema, openapi30) ? { const: null } : {};
    onPath.add(schema);
    try {
      return body(mergeAllOf(chooseBranch(schema, options.branch)), depth, name);
    } finally {
      onPath.delete(schema);
    }
  };

  const body = (schema: Json, depth: number, name: string): Json => {
    const result = plainKeywords(schema, openapi30);
    if (asksForTooMuch(result)) throw new SampleTooLargeError(options.limit);
    // A format no validator knows (`character varying`, `int4`) says nothing a sample can honour.
    if (typeof result.format === 'string' && !KNOWN_STRING_FORMATS.has(result.format)) {
      if (result.type === 'string' || result.type === undefined) delete result.format;
    }
    const declared = asArray(schema.required).filter((name) => typeof name === 'string');
    const carried = new Set<string>();
    for (const { keyword, key, value } of subschemaEntries(schema)) {
      if (keyword === 'properties') {
        if (!carries(key as string, value, declared, depth)) continue;
        carried.add(key as string);
        placeSubschema(result, keyword, key, emit(value, depth + 1, key as string));
      } else if (keyword === 'items' && isObject(value) && onPath.has(value)) {
        // An array of the schema being built: empty when the schema allows it.
        if (!(typeof schema.minItems === 'number' && schema.minItems > 0)) result.maxItems = 0;
      } else if (GENERATED_SUBSCHEMAS.has(keyword)) {
        placeSubschema(result, keyword, key, emit(value, depth + 1, name));
      }
    }
    const kept = declared.filter((name) => !isHidden(schema, name, depth === 0, options.fields));
    const required = new Set([...kept, ...carried]);
    if (required.size > 0) result.required = [...required];
    else delete result.required;
    delete result.dependentRequired;
    preferNonNull(result);
    if (isPlainString(result)) readableString(result, name);
    return result;
  };

  const carries = (name: string, value: unknown, declared: string[], depth: number): boolean => {
    if (isServerOwned(name, value, depth === 0, options.fields)) return false;
    if (declared.length > 0) return declared.includes(name);
    return (
      options.mode === 'document' &&
      depth < OPTIONAL_DEPTH &&
      !looksServerSet(name, options.fields) &&
      !(isObject(value) && onPath.has(value))
    );
  };

  return emit(root, 0, 'value');
}

const KNOWN_STRING_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'duration',
  'email',
  'idn-email',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uri-template',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uuid',
  'json-pointer',
  'relative-json-pointer',
  'regex',
  'byte',
  'binary',
  'password',
]);

/** Subschemas the sampler needs; the rest only constrain, and validation checks them. */
const GENERATED_SUBSCHEMAS = new Set(['items', 'prefixItems', 'contains']);

function isHidden(schema: Json, name: string, atTop: boolean, fields: ServerFields): boolean {
  return (
    isObject(schema.properties) &&
    name in schema.properties &&
    isServerOwned(name, schema.properties[name], atTop, fields)
  );
}

/**
 * One branch of `oneOf`/`anyOf`, joined to the schema like an `allOf` part: the sample then
 * follows that branch alone, `required` included (`oneOf: [{required: [category]},
 * {required: [categorySlug]}]` gets one of the two, not both).
 */
function chooseBranch(schema: Json, branch: number): Json {
  const parts: unknown[] = [];
  const rest: Json = { ...schema };
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    delete rest[keyword];
    if (Array.isArray(branches) && branches.length > 0)
      parts.push(branches[branch % branches.length]);
  }
  if (parts.length === 0) return schema;
  return { ...rest, allOf: [...asArray(schema.allOf), ...parts] };
}

/** `allOf` of object schemas as one schema: properties and `required` joined. */
function mergeAllOf(schema: Json, seen: Set<Json> = new Set()): Json {
  if (!Array.isArray(schema.allOf) || seen.has(schema)) return schema;
  seen.add(schema);
  const merged: Json = { ...schema };
  delete merged.allOf;
  const properties: Json = { ...(isObject(schema.properties) ? schema.properties : {}) };
  const required = new Set(asArray(schema.required));
  for (const part of schema.allOf) {
    if (!isObject(part)) continue;
    const flat = mergeAllOf(part, seen);
    for (const [key, value] of Object.entries(flat)) {
      if (key === 'properties' && isObject(value)) {
        for (const [name, property] of Object.entries(value)) {
          properties[name] =
            name in properties && properties[name] !== property
              ? { allOf: [properties[name], property] }
              : property;
        }
      } else if (key === 'required') {
        for (const name of asArray(value)) required.add(name);
      } else if (merged[key] === undefined) {
        merged[key] = value;
      }
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/** Bounds no sample can meet cheaply: thousands of items, megabyte strings. */
function asksForTooMuch(schema: Json): boolean {
  const atLeast = (keyword: string, bound: number) =>
    typeof schema[keyword] === 'number' && schema[keyword] > bound;
  const repeats =
    typeof schema.pattern === 'string'
      ? [...schema.pattern.matchAll(/\{(\d+)/g)].some((match) => Number(match[1]) > 1_000)
      : false;
  return (
    atLeast('minItems', 100) ||
    atLeast('minProperties', 100) ||
    atLeast('minLength', 10_000) ||
    repeats
  );
}

function allowsNull(schema: Json, openapi30: boolean): boolean {
  return (
    (openapi30 && schema.nullable === true) ||
    schema.type === 'null' ||
    (Array.isArray(schema.type) && schema.type.includes('null'))
  );
}

function preferNonNull(schema: Json): void {
  if (Array.isArray(schema.type) && schema.type.length > 1) {
    const types = (schema.type as unknown[]).filter((type) => type !== 'null');
    schema.type = types.length === 1 ? types[0] : types;
  }
  if (Array.isArray(schema.enum) && schema.enum.some((value) => value !== null)) {
    schema.enum = (schema.enum as unknown[]).filter((value) => value !== null);
  }
}

/**
 * A short, readable value for a free-text string: `sample title` rather than fifty random
 * characters (or two megabytes of them, when the schema allows that much).
 */
function readableString(schema: Json, name: string): void {
  const min = Math.max(1, typeof schema.minLength === 'number' ? schema.minLength : 0);
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  schema.minLength = min;
  schema.maxLength = Math.max(min, Math.min(max, READABLE_LENGTH));
  if (schema.examples !== undefined || schema.default !== undefined) return;
  const words = `sample ${name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()}`;
  let text = words;
  while (text.length < min) text += ` ${words}`;
  schema.examples = [
    text
      .slice(0, schema.maxLength as number)
      .trimEnd()
      .padEnd(min, 'x'),
  ];
}

const READABLE_LENGTH = 40;

function isPlainString(schema: Json): boolean {
  return (
    schema.type === 'string' &&
    schema.enum === undefined &&
    schema.const === undefined &&
    schema.format === undefined &&
    schema.pattern === undefined
  );
}
