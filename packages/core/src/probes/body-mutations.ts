import { isObject, type JsonObject } from './json-tools';
import { UNIQUE_PLACEHOLDER } from '../config/unique-placeholder';

/** Ways the probes change a route's sample body. Every mutation starts from a copy. */

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The top-level string field with the longest value (ties: the first), if any. Fields with a
 * `{{unique}}` placeholder come last: they are names, titles and emails, which a server checks
 * for length or format, so padding them would test that check and not the body's size.
 */
function longestStringField(body: JsonObject): string | undefined {
  let best: string | undefined;
  let bestRank = -1;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') continue;
    const rank = value.includes(UNIQUE_PLACEHOLDER) ? value.length : value.length + 2 ** 40;
    if (rank > bestRank) {
      best = key;
      bestRank = rank;
    }
  }
  return best;
}

/** The sample body with injected fields it did not have (`isAdmin`, `role`, a random marker). */
export function withUnknownFields(
  body: JsonObject,
  marker: string,
  markerValue: string,
): { body: JsonObject; injected: Record<string, unknown> } {
  const injected: Record<string, unknown> = {};
  if (!('isAdmin' in body)) injected.isAdmin = true;
  if (!('role' in body)) injected.role = 'admin';
  injected[marker] = markerValue;
  return { body: { ...clone(body), ...injected }, injected };
}

export interface TypeMutation {
  field: string;
  from: 'number' | 'boolean' | 'string';
  to: 'string' | 'object';
  value: unknown;
  body: JsonObject;
}

/** One field's type changed: a number or boolean becomes a word, else a string becomes an object. */
export function withWrongType(body: JsonObject, marker: string): TypeMutation | undefined {
  const entries = Object.entries(body);
  const number = entries.find(([, value]) => typeof value === 'number');
  const boolean = entries.find(([, value]) => typeof value === 'boolean');
  const string = entries.find(([, value]) => typeof value === 'string');
  const make = (
    field: string,
    from: TypeMutation['from'],
    to: TypeMutation['to'],
    value: unknown,
  ) => ({
    field,
    from,
    to,
    value,
    body: { ...clone(body), [field]: value },
  });
  if (number) return make(number[0], 'number', 'string', `not-a-number-${marker}`);
  if (boolean) return make(boolean[0], 'boolean', 'string', `not-a-boolean-${marker}`);
  if (string) return make(string[0], 'string', 'object', { shakedown: marker });
  return undefined;
}

/** A different body for the same key: a number grows by one, else a string gets a suffix, else a boolean flips. */
export function withChangedValue(body: unknown): unknown {
  if (!isObject(body)) return Array.isArray(body) ? [...clone(body as unknown[]), 'changed'] : body;
  const copy = clone(body);
  const entries = Object.entries(copy);
  const number = entries.find(([, value]) => typeof value === 'number');
  if (number) {
    copy[number[0]] = (number[1] as number) + 1;
    return copy;
  }
  const field = longestStringField(copy);
  if (field !== undefined) {
    copy[field] = `${copy[field] as string} (changed)`;
    return copy;
  }
  const boolean = entries.find(([, value]) => typeof value === 'boolean');
  if (boolean) {
    copy[boolean[0]] = !(boolean[1] as boolean);
    return copy;
  }
  return { ...copy, shakedown_changed: true };
}

export const NESTING_DEPTH = 5000;

/**
 * The sample body as JSON text with one existing field's value replaced by arrays nested
 * 5,000 deep (an existing field, so an API that drops unknown fields still sees it).
 */
export function withDeepNesting(body: JsonObject): { text: string; field: string } | undefined {
  const entries = Object.entries(body);
  const field =
    entries.find(([, value]) => typeof value === 'object' && value !== null)?.[0] ??
    longestStringField(body) ??
    entries[0]?.[0];
  if (field === undefined) return undefined;
  const placeholder = `__shakedown_nesting_${Math.random().toString(36).slice(2)}__`;
  const nested = `${'['.repeat(NESTING_DEPTH)}${']'.repeat(NESTING_DEPTH)}`;
  const text = JSON.stringify({ ...body, [field]: placeholder }).replace(
    `"${placeholder}"`,
    nested,
  );
  return { text, field };
}

/**
 * The sample body padded to exactly `size` bytes of JSON: its longest string field grows (so a
 * rejection proves a size limit, not a schema check), else a nested string; only without any
 * string is a padding field added.
 */
export function paddedBody(
  body: unknown,
  size: number,
): { text: string; field: string } | undefined {
  if (typeof body === 'string') {
    const base = JSON.stringify(body);
    return base.length > size
      ? undefined
      : { text: JSON.stringify(body + 'x'.repeat(size - base.length)), field: '(the body)' };
  }
  if (!isObject(body)) return undefined;
  const path = paddingPath(body);
  const start = withStringAt(body, path, (current) => current ?? '');
  const base = Buffer.byteLength(JSON.stringify(start));
  if (base > size) return undefined;
  const padded = withStringAt(start, path, (current) => `${current}${'x'.repeat(size - base)}`);
  return { text: JSON.stringify(padded), field: path.join('.') };
}

/** Where padding goes: the longest top-level string, else a nested string of an object, else a new field. */
function paddingPath(body: JsonObject): string[] {
  const top = longestStringField(body);
  if (top !== undefined) return [top];
  for (const [key, value] of Object.entries(body)) {
    if (!isObject(value)) continue;
    const inner = paddingPath(value);
    if (typeof getIn(value, inner) === 'string') return [key, ...inner];
  }
  return ['shakedown_padding'];
}

function getIn(body: JsonObject, path: readonly string[]): unknown {
  let current: unknown = body;
  for (const key of path) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** A copy of `body` with the string at `path` replaced by `update(the string there)`. */
function withStringAt(
  body: JsonObject,
  path: readonly string[],
  update: (current: string | undefined) => string,
): JsonObject {
  const [key, ...rest] = path;
  const value = body[key!];
  if (rest.length === 0) {
    return { ...body, [key!]: update(typeof value === 'string' ? value : undefined) };
  }
  return { ...body, [key!]: withStringAt(isObject(value) ? value : {}, rest, update) };
}
