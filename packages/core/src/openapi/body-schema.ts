import { countNodes } from './import-limits';
import { isObject, type Json } from './json';
import { plainKeywords } from './schema-keywords';
import type { ServerFields } from './server-fields';
import { placeRequestSubschemas } from './validation-schema';

/** A route's `bodySchema` longer than this as JSON is left out, and the route's notes say so. */
export const MAX_BODY_SCHEMA_BYTES = 16 * 1024;
/** The `bodySchema`s of one draft together stay under this; later routes go without. */
export const MAX_BODY_SCHEMAS_BYTES = 256 * 1024;

/** Where a cycle was cut: a schema that allows anything, saying why. */
export const CYCLE_CUT = { $comment: 'cut: a cycle back to an enclosing schema' } as const;

export type BodySchemaDraft =
  { schema: Json; bytes: number; cycles: number } | { omitted: string; bytes?: number };

class TooLarge extends Error {}

/**
 * A body's schema as a route's `bodySchema` (JSON Schema 2020-12, what
 * schema.constraint_violation_persisted reads): every `$ref` followed (the document comes
 * dereferenced), a schema that refers back to one enclosing it cut to {@link CYCLE_CUT}, and, as
 * for the sample, without the fields a request never carries (server-fields.ts). OpenAPI 3.0
 * spellings are converted (`nullable`, boolean `exclusiveMinimum`); `examples`, `x-*`,
 * `discriminator`, `readOnly` and the docs are dropped. Shared schemas are written out at each
 * use, so a schema over {@link MAX_BODY_SCHEMA_BYTES} is omitted, saying why; the walk stops as
 * soon as it is sure of that, however the schemas fan out.
 */
export function draftBodySchema(
  root: unknown,
  openapi30: boolean,
  fields: ServerFields,
): BodySchemaDraft {
  if (!isObject(root)) return { omitted: 'the body schema is not an object' };
  const onPath = new Set<Json>();
  // Each value costs at least two bytes of JSON (`1,`, `{}`): past this many, it is too large.
  const maxNodes = MAX_BODY_SCHEMA_BYTES / 2;
  let nodes = 0;
  let cycles = 0;

  const emit = (schema: unknown, atTop = false): unknown => {
    nodes += 1;
    if (typeof schema === 'boolean') return schema;
    if (!isObject(schema)) return {};
    if (onPath.has(schema)) {
      cycles += 1;
      return { ...CYCLE_CUT };
    }
    onPath.add(schema);
    const result = plainKeywords(schema, openapi30);
    delete result.examples;
    nodes += countNodes(result) - 1; // the object itself is counted above
    if (nodes > maxNodes) throw new TooLarge();
    placeRequestSubschemas(schema, result, atTop, fields, emit);
    onPath.delete(schema);
    return result;
  };

  let schema: Json;
  try {
    schema = emit(root, true) as Json;
  } catch (error) {
    if (error instanceof TooLarge) {
      return { omitted: `the body schema is over ${kilobytes(MAX_BODY_SCHEMA_BYTES)} as JSON` };
    }
    return {
      omitted: `the body schema ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const bytes = JSON.stringify(schema).length;
  if (bytes > MAX_BODY_SCHEMA_BYTES) {
    return {
      omitted: `the body schema is ${kilobytes(bytes)} as JSON, over ${kilobytes(MAX_BODY_SCHEMA_BYTES)}`,
      bytes,
    };
  }
  return { schema, bytes, cycles };
}

export function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}
