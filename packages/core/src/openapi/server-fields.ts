import { isObject } from './json';
import { isReadOnly } from './schema-keywords';

/**
 * Fields a request must not carry because the server sets them: the generated primary key,
 * timestamps, owners. The rule, in order:
 * 1. `readOnly: true` (OpenAPI's own word for it), at any depth, required or not;
 * 2. a primary key by its description (PostgREST writes `<pk/>`), at any depth;
 * 3. at the top of a create's body, the create's id field and the item path's parameter, when
 *    the body and the answer share one schema (generated CRUD layers do): its `required` then
 *    describes the answer, where the id is always present;
 * 4. when the schema does not require them: `id`, `uuid`, `created_at`, `updatedAt`, `owner`,
 *    … and the names of (3).
 * A field the request schema requires that matches none of 1–3 is the client's to choose.
 */
export interface ServerFields {
  /** Top-level names dropped even when required (rule 3). */
  owned: ReadonlySet<string>;
  /** Names dropped unless required (rule 4, beside the fixed list). */
  likely: ReadonlySet<string>;
}

export const NO_SERVER_FIELDS: ServerFields = { owned: new Set(), likely: new Set() };

const SERVER_SET =
  /^(id|_id|uuid|guid|pk|created|created_?at|created_?on|updated|updated_?at|updated_?on|modified|modified_?at|deleted_?at|created_?by|updated_?by|owner|owner_?id)$/i;
const PRIMARY_KEY_NOTE = /<pk\/>|primary key/i;

function isPrimaryKey(schema: unknown): boolean {
  return (
    isObject(schema) &&
    ((typeof schema.description === 'string' && PRIMARY_KEY_NOTE.test(schema.description)) ||
      schema['x-primary-key'] === true)
  );
}

/** Rules 1–3: never sent. */
export function isServerOwned(
  name: string,
  schema: unknown,
  atTop: boolean,
  fields: ServerFields,
): boolean {
  return isReadOnly(schema) || isPrimaryKey(schema) || (atTop && fields.owned.has(name));
}

/** Rule 4: not sent unless the schema requires it. */
export function looksServerSet(name: string, fields: ServerFields): boolean {
  return SERVER_SET.test(name) || fields.likely.has(name) || fields.owned.has(name);
}
