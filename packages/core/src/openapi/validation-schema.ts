import { isObject, type Json } from './json';
import { placeSubschema, plainKeywords, subschemaEntries } from './schema-keywords';
import { isServerOwned, NO_SERVER_FIELDS, type ServerFields } from './server-fields';

/**
 * The JSON Schema 2020-12 a request body must satisfy, from a dereferenced OpenAPI schema:
 * the fields the server sets are gone (a request never carries them, required or not; see
 * server-fields.ts), and every schema met twice, or in a cycle, sits once in `$defs` so the
 * result stays as small as the document however its schemas refer to each other.
 */
export function buildValidationSchema(
  root: unknown,
  openapi30: boolean,
  fields: ServerFields = NO_SERVER_FIELDS,
): Json | boolean {
  if (typeof root === 'boolean') return root;
  if (!isObject(root)) return {};
  const references = countReferences(root);
  const names = new Map<Json, string>();
  const defs: Json = {};

  const emit = (schema: unknown): unknown => {
    if (typeof schema === 'boolean') return schema;
    if (!isObject(schema)) return {};
    if ((references.get(schema) ?? 0) > 1) {
      let name = names.get(schema);
      if (name === undefined) {
        name = `s${names.size}`;
        names.set(schema, name);
        defs[name] = true; // claimed before the body, so a cycle back here finds the name
        defs[name] = body(schema, false);
      }
      return { $ref: `#/$defs/${name}` };
    }
    return body(schema, false);
  };

  const body = (schema: Json, atTop: boolean): Json => {
    const result = plainKeywords(schema, openapi30);
    placeRequestSubschemas(schema, result, atTop, fields, emit);
    return result;
  };

  // The root is written in place, with the top-level rules; a cycle back to it uses $defs.
  references.set(root, (references.get(root) ?? 0) + 1);
  const top = body(root, true);
  return Object.keys(defs).length > 0 ? { ...top, $defs: defs } : top;
}

/**
 * Writes the subschemas of `schema` into `result`, each through `emit`, less the properties a
 * request never carries (server-fields.ts) and their `required` entries.
 */
export function placeRequestSubschemas(
  schema: Json,
  result: Json,
  atTop: boolean,
  fields: ServerFields,
  emit: (subschema: unknown) => unknown,
): void {
  const hidden = new Set<string>();
  for (const { keyword, key, value } of subschemaEntries(schema)) {
    if (keyword === 'properties' && isServerOwned(key as string, value, atTop, fields)) {
      hidden.add(key as string);
      continue;
    }
    placeSubschema(result, keyword, key, emit(value));
  }
  if (hidden.size > 0 && Array.isArray(result.required)) {
    result.required = (result.required as string[]).filter((name) => !hidden.has(name));
  }
}

/** How many subschema positions point at each schema object reachable from `root`. */
function countReferences(root: Json): Map<Json, number> {
  const counts = new Map<Json, number>();
  const stack: Json[] = [root];
  const seen = new Set<Json>([root]);
  while (stack.length > 0) {
    const schema = stack.pop()!;
    for (const { value } of subschemaEntries(schema)) {
      if (!isObject(value)) continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      if (!seen.has(value)) {
        seen.add(value);
        stack.push(value);
      }
    }
  }
  return counts;
}
