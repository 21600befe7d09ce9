import * as contract from '@shakedown/core/contract';
import type { Db } from '@shakedown/db';
import fc from 'fast-check';

import { WRITABLE_TABLES } from './world';

/** Every endpoint declared in core's contract (`*Endpoints` objects), the API's routes. */
export function contractEndpoints(): contract.EndpointSpec[] {
  return Object.entries(contract)
    .filter(([name, value]) => name.endsWith('Endpoints') && typeof value === 'object')
    .flatMap(([, group]) => Object.values(group as Record<string, contract.EndpointSpec>))
    .filter((spec) => typeof spec.method === 'string' && typeof spec.path === 'string');
}

type Path = (string | number)[];

/** Where the strings of a JSON value are (object keys not included). */
export function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    stringPaths(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
}

/** A copy of `value` with the string at `path` replaced by `text`. */
export function withStringAt(value: unknown, path: Path, text: string): unknown {
  if (path.length === 0) return text;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = text;
  return copy;
}

const RTL_AND_MARKS = [
  '\u202e',
  '\u200f',
  '\u0301',
  '\u0591',
  '\u05d0',
  '\u0627',
  '\u034f',
  '\ufeff',
];
const text = fc.string({ unit: 'binary', maxLength: 30 });

/** Strings PostgreSQL cannot store: NUL, or a UTF-16 surrogate without its partner. */
export const unstorableText = fc.oneof(
  fc.tuple(text, text).map(([before, after]) => `${before}\u0000${after}`),
  fc
    .tuple(text, fc.integer({ min: 0xd800, max: 0xdfff }), text)
    .map(([before, unit, after]) => `${before}${String.fromCharCode(unit)}${after}`),
);

/** Strings that are storable but unusual: full unicode, RTL and combining marks, 10k characters. */
export const storableText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .array(fc.oneof(fc.constantFrom(...RTL_AND_MARKS), text), { maxLength: 12 })
    .map((parts) => parts.join('')),
  fc.constantFrom('a', 'é', '😀', '\u05d0', 'e\u0301').map((unit) => unit.repeat(10_000)),
);

/** The strings, in the proportions the fuzz sends them. */
export const fuzzText = fc.oneof(
  { arbitrary: unstorableText, weight: 2 },
  { arbitrary: storableText, weight: 3 },
);

/**
 * One digest per table of the rows a request could write, without the columns every
 * authenticated request touches (a session's `lastSeenAt`, a key's `lastUsedAt`).
 */
export async function tableDigests(db: Db): Promise<Record<string, string>> {
  const columns = WRITABLE_TABLES.map(
    (table) =>
      `(SELECT md5(coalesce(string_agg(r, ',' ORDER BY r), '')) FROM (SELECT (to_jsonb(t) - 'lastSeenAt' - 'lastUsedAt')::text AS r FROM "${table}" t) s) AS "${table}"`,
  );
  const [row] = await db.$queryRawUnsafe<Record<string, string>[]>(`SELECT ${columns.join(', ')}`);
  return row ?? {};
}

/** The tables whose digest differs. */
export function changedTables(
  before: Record<string, string>,
  after: Record<string, string>,
): string[] {
  return Object.keys(before).filter((table) => before[table] !== after[table]);
}

const NO_LIMIT = '1000000';

/** Config overrides for suites that send thousands of requests from one address and user. */
export const WITHOUT_RATE_LIMITS = {
  RATE_LIMIT_SIGN_IN_PER_MINUTE: NO_LIMIT,
  RATE_LIMIT_SIGN_UP_PER_HOUR: NO_LIMIT,
  RATE_LIMIT_ORG_PER_MINUTE: NO_LIMIT,
  RATE_LIMIT_PRINCIPAL_PER_MINUTE: NO_LIMIT,
};
