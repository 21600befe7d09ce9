import type { Db } from './client';
import type { Prisma } from './generated/prisma/client';
import { sealConfig } from './sealed-config';
import { currentKeyPrefix, decryptSecret, encryptSecret, type SecretKeysInput } from './secrets';

/** Rows read per query: configs are up to 2 MB each. */
const BATCH = 20;
const UNSEALED = { secretsCiphertext: null };

/** What one pass changed, by table, and the rows no key of the deployment opens. */
export interface SealedCounts {
  /** Target configs sealed (they were in clear) or re-sealed (another key) with the current key. */
  targets: number;
  runs: number;
  webhookEndpoints: number;
  /** Rows sealed with a key that is neither APP_SECRET nor in APP_SECRET_PREVIOUS: left as is. */
  unreadable: number;
}

/**
 * Brings every stored secret under the deployment's current key, a batch at a time:
 * - configs stored in clear before secrets were sealed (`secretsCiphertext` null) are sealed;
 * - target and run configs and webhook signing secrets sealed with a previous key (a rotation:
 *   `APP_SECRET_PREVIOUS`), or in the format without a key id, are opened and sealed again.
 *
 * Each row is written only while it still holds what was read (a compare-and-set on the column),
 * so this is safe beside the API, running runs and other workers doing the same; rows keep their
 * `updatedAt`. Stored idempotent answers are not re-sealed: they expire within 24 hours.
 */
export async function unsafeSealStoredSecrets(
  db: Db,
  keys: SecretKeysInput,
): Promise<SealedCounts> {
  const counts: SealedCounts = { targets: 0, runs: 0, webhookEndpoints: 0, unreadable: 0 };
  const seal = (config: unknown) => {
    const stored = sealConfig(config, keys);
    return { ...stored, config: stored.config as Prisma.InputJsonValue };
  };
  const reseal = (ciphertext: string): string | undefined => {
    try {
      return encryptSecret(decryptSecret(ciphertext, keys), keys);
    } catch {
      counts.unreadable += 1;
      return undefined;
    }
  };
  const current = { startsWith: currentKeyPrefix(keys) };
  /** The next rows matching `where` after the id `after`, in id order. */
  const page = <Where extends object>(where: Where, after: string | undefined) => ({
    where: { ...where, ...(after === undefined ? {} : { id: { gt: after } }) },
    orderBy: { id: 'asc' as const },
    take: BATCH,
  });

  counts.targets += await forEachRow(
    (after) =>
      db.target.findMany({
        select: { id: true, config: true, updatedAt: true },
        ...page(UNSEALED, after),
      }),
    (row) =>
      db.target.updateMany({
        where: { id: row.id, ...UNSEALED },
        data: { ...seal(row.config), updatedAt: row.updatedAt },
      }),
  );
  counts.runs += await forEachRow(
    (after) => db.run.findMany({ select: { id: true, config: true }, ...page(UNSEALED, after) }),
    (row) => db.run.updateMany({ where: { id: row.id, ...UNSEALED }, data: seal(row.config) }),
  );

  const sealedElsewhere = { NOT: [UNSEALED, { secretsCiphertext: current }] };
  const selectSealed = { id: true, secretsCiphertext: true } as const;
  counts.targets += await forEachRow(
    (after) =>
      db.target.findMany({
        select: { ...selectSealed, updatedAt: true },
        ...page(sealedElsewhere, after),
      }),
    async (row) => {
      const secretsCiphertext = reseal(row.secretsCiphertext!);
      if (secretsCiphertext === undefined) return { count: 0 };
      return db.target.updateMany({
        where: { id: row.id, secretsCiphertext: row.secretsCiphertext },
        data: { secretsCiphertext, updatedAt: row.updatedAt },
      });
    },
  );
  counts.runs += await forEachRow(
    (after) => db.run.findMany({ select: selectSealed, ...page(sealedElsewhere, after) }),
    async (row) => {
      const secretsCiphertext = reseal(row.secretsCiphertext!);
      if (secretsCiphertext === undefined) return { count: 0 };
      return db.run.updateMany({
        where: { id: row.id, secretsCiphertext: row.secretsCiphertext },
        data: { secretsCiphertext },
      });
    },
  );
  counts.webhookEndpoints += await forEachRow(
    (after) =>
      db.webhookEndpoint.findMany({
        select: { id: true, secretCiphertext: true, updatedAt: true },
        ...page({ NOT: { secretCiphertext: current } }, after),
      }),
    async (row) => {
      const secretCiphertext = reseal(row.secretCiphertext);
      if (secretCiphertext === undefined) return { count: 0 };
      return db.webhookEndpoint.updateMany({
        where: { id: row.id, secretCiphertext: row.secretCiphertext },
        data: { secretCiphertext, updatedAt: row.updatedAt },
      });
    },
  );
  return counts;
}

/**
 * Walks the rows `nextBatch` finds, in id order after the last one seen (so rows that stay
 * matching, like unreadable ones, are read once), and sums what `update` changed.
 */
async function forEachRow<Row extends { id: string }>(
  nextBatch: (after: string | undefined) => Promise<Row[]>,
  update: (row: Row) => Promise<{ count: number }>,
): Promise<number> {
  let changed = 0;
  let after: string | undefined;
  for (let rows = await nextBatch(after); rows.length > 0; rows = await nextBatch(after)) {
    for (const row of rows) changed += (await update(row)).count;
    after = rows[rows.length - 1]!.id;
  }
  return changed;
}
