import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** The client a repository queries with: the pool, or the transaction a service opened. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

/** A page of rows and the opaque cursor of the next page (null on the last). */
export interface RowPage<Row> {
  items: Row[];
  nextCursor: string | null;
}

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The parts of a cursor made by {@link encodeCursor}, or undefined when it is not one. */
export function decodeCursor(cursor: string | undefined): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parts) ? parts : undefined;
  } catch {
    return undefined;
  }
}

/** Thrown for a cursor that was not made by this API; the API answers 400. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('cursor is not one this API returned');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** What `toISOString()` makes of a date of years 0001–9999: all PostgreSQL can hold of ours. */
const ISO_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * `[createdAt ISO, id]` cursors of lists ordered newest first. The date must be one this API
 * wrote (`toISOString()` of a year 0001–9999, read back unchanged): a date PostgreSQL cannot
 * hold is refused here, before any query.
 */
export function decodeTimeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const parts = decodeCursor(cursor);
  const [at, id] = parts ?? [];
  if (typeof at !== 'string' || !isUuid(id) || !ISO_INSTANT.test(at)) {
    throw new InvalidCursorError();
  }
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at) throw new InvalidCursorError();
  return { at: date, id };
}

/** PostgreSQL's `integer`: ranks in cursors must fit it. */
export function isInt4(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 31;
}

export function pageFrom<Row>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => (string | number)[],
): RowPage<Row> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/** True for PostgreSQL's unique-violation, as Prisma reports it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}
