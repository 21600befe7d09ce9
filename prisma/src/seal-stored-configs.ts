import type { Db } from './client';
import type { Prisma } from './generated/prisma/client';
import { sealConfig } from './sealed-config';

/** Rows read per query: configs are up to 2 MB each. */
const BATCH = 20;
const UNSEALED = { secretsCiphertext: null };

/**
 * Seals the configs stored in clear before secrets were sealed: every `Target` and `Run` row
 * whose `secretsCiphertext` is null, a batch at a time. Each row is written only while it is
 * still unsealed, so this is safe beside the API, running runs and other workers doing the same;
 * a target keeps its `updatedAt`. Returns how many rows of each it sealed.
 */
export async function unsafeSealConfigsStoredInClear(
  db: Db,
  appSecret: string,
): Promise<{ targets: number; runs: number }> {
  const seal = (config: unknown) => {
    const stored = sealConfig(config, appSecret);
    return { ...stored, config: stored.config as Prisma.InputJsonValue };
  };
  const targets = await sealEach(
    () =>
      db.target.findMany({
        where: UNSEALED,
        select: { id: true, config: true, updatedAt: true },
        take: BATCH,
      }),
    (row) =>
      db.target.updateMany({
        where: { id: row.id, ...UNSEALED },
        data: { ...seal(row.config), updatedAt: row.updatedAt },
      }),
  );
  const runs = await sealEach(
    () => db.run.findMany({ where: UNSEALED, select: { id: true, config: true }, take: BATCH }),
    (row) => db.run.updateMany({ where: { id: row.id, ...UNSEALED }, data: seal(row.config) }),
  );
  return { targets, runs };
}

/** Seals batches of unsealed rows until none is left; every row read is sealed by someone. */
async function sealEach<Row>(
  nextBatch: () => Promise<Row[]>,
  sealRow: (row: Row) => Promise<{ count: number }>,
): Promise<number> {
  let sealed = 0;
  for (let rows = await nextBatch(); rows.length > 0; rows = await nextBatch()) {
    for (const row of rows) sealed += (await sealRow(row)).count;
  }
  return sealed;
}
