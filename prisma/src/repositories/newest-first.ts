import { decodeTimeCursor, pageFrom, type RowPage } from './db-client';

/**
 * A page of rows newest first, by `(createdAt, id)`: `after`, the `where` part that starts after
 * the page's cursor, and the order and size to spread into `findMany`; `newestFirstPage` then
 * cuts the rows into the page.
 */
export function newestFirst(page: { cursor?: string | undefined; limit: number }) {
  const after = decodeTimeCursor(page.cursor);
  return {
    after: after
      ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }
      : {},
    orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
    take: page.limit + 1,
  };
}

/** The page of `limit` rows (fetched `limit + 1`) with the cursor of the next one. */
export function newestFirstPage<Row extends { createdAt: Date; id: string }>(
  rows: Row[],
  limit: number,
): RowPage<Row> {
  return pageFrom(rows, limit, (row) => [row.createdAt.toISOString(), row.id]);
}
