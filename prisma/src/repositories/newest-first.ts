import { decodeTimeCursor, pageFrom, type RowPage } from './db-client';

/**
 * Pages of rows newest first, by `(createdAt, id)`: the `where` part that starts after `cursor`
 * and the order that goes with it. Spread both into `findMany`, then `newestFirstPage` the rows.
 */
export function newestFirstAfter(cursor: string | undefined) {
  const after = decodeTimeCursor(cursor);
  return {
    where: after
      ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }
      : {},
    orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
  };
}

/** The page of `limit` rows (fetched `limit + 1`) with the cursor of the next one. */
export function newestFirstPage<Row extends { createdAt: Date; id: string }>(
  rows: Row[],
  limit: number,
): RowPage<Row> {
  return pageFrom(rows, limit, (row) => [row.createdAt.toISOString(), row.id]);
}
