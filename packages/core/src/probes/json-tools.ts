/** Small JSON helpers the probes share: JSON Pointer, ids, comparisons. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6901: `''` is the whole document, `/items/0/id` walks objects and arrays. */
export function getPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isObject(current)) {
      if (!Object.prototype.hasOwnProperty.call(current, token)) return undefined;
      current = current[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/** The last token of a pointer (`/data/id` → `id`), used to find ids in list items and reads. */
export function lastToken(pointer: string): string | undefined {
  if (pointer === '') return undefined;
  const token = pointer.slice(pointer.lastIndexOf('/') + 1);
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export type ResourceId = string | number;

/** A usable id: a non-empty string or a finite number. */
export function asId(value: unknown): ResourceId | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

export function idAt(document: unknown, pointer: string): ResourceId | undefined {
  return asId(getPointer(document, pointer));
}

export function sameId(a: ResourceId | undefined, b: ResourceId | undefined): boolean {
  return a !== undefined && b !== undefined && String(a) === String(b);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]))
    );
  }
  return false;
}

/**
 * The object a read or create answer is about: the answer itself, or the object inside a
 * one-property wrapper such as `{ "data": { … } }` or `{ "note": { … } }`.
 */
export function unwrapObject(document: unknown): JsonObject | undefined {
  if (!isObject(document)) return undefined;
  const entries = Object.entries(document);
  const objects = entries.filter(([, value]) => isObject(value));
  if (entries.length === 1 && objects.length === 1) return objects[0]![1] as JsonObject;
  if (
    entries.length > 1 &&
    objects.length === 1 &&
    ['data', 'item', 'result', 'resource'].includes(objects[0]![0])
  ) {
    return objects[0]![1] as JsonObject;
  }
  return document;
}

/** Every value stored under `key` at most `maxDepth` objects deep. */
export function valuesOfKey(document: unknown, key: string, maxDepth = 4): unknown[] {
  const found: unknown[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > maxDepth) return;
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 1000)) visit(item, depth + 1);
    } else if (isObject(value)) {
      for (const [name, inner] of Object.entries(value)) {
        if (name === key) found.push(inner);
        visit(inner, depth + 1);
      }
    }
  };
  visit(document, 0);
  return found;
}

/**
 * True when `candidate` is the object `reference` describes: the same id under `idKey`, and
 * every scalar field both carry is equal. Objects of other tenants that merely share a number
 * (per-tenant sequences) differ in their other fields.
 */
export function isSameObject(
  candidate: unknown,
  reference: unknown,
  id: ResourceId,
  idKey: string | undefined,
): boolean {
  const c = unwrapObject(candidate);
  const r = unwrapObject(reference);
  if (!c) return false;
  if (idKey !== undefined && !sameId(asId(c[idKey]), id)) return false;
  if (idKey === undefined && !Object.values(c).some((value) => sameId(asId(value), id)))
    return false;
  if (!r) return true;
  for (const [key, value] of Object.entries(c)) {
    if (!Object.prototype.hasOwnProperty.call(r, key)) continue;
    const other = r[key];
    const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
    if (scalar(value) && scalar(other) && value !== other) return false;
  }
  return true;
}

/** Lists `ids` for messages: `41, 42 and 43`. */
export function formatIds(ids: readonly ResourceId[]): string {
  const shown = ids.slice(0, 8).map(String);
  if (ids.length > 8) return `${shown.join(', ')} and ${ids.length - 8} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/**
 * The values at `path` (`["address", "zip"]`) under any object that holds its first key, within
 * `maxDepth` of the document (so `{ "data": { … } }` wrappers count): the rest of the path is
 * followed exactly, never matched by name at another depth.
 */
export function valuesAtPath(document: unknown, path: readonly string[], maxDepth = 4): unknown[] {
  const [head, ...rest] = path;
  if (head === undefined) return [document];
  return valuesOfKey(document, head, maxDepth).flatMap((value) => {
    let current: unknown = value;
    for (const key of rest) {
      if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, key)) return [];
      current = current[key];
    }
    return [current];
  });
}
