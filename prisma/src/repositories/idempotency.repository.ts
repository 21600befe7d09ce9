import { randomUUID } from 'node:crypto';

import type { IdempotencyRecord, Prisma } from '../generated/prisma/client';
import { type DbClient } from './db-client';

export interface IdempotencyClaim {
  /** `org:<id>` or `user:<id>`: keys are scoped to the caller. */
  scope: string;
  orgId: string | null;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  expiresAt: Date;
}

export type ClaimResult =
  | { claimed: true; id: string }
  | { claimed: false; record: IdempotencyRecord }
  /** The record vanished between the insert and the read, each time: treat as in flight. */
  | { claimed: false; record: null };

/**
 * `Idempotency-Key` records. Claiming is one statement against the unique `(scope, key)`:
 * `INSERT … ON CONFLICT DO UPDATE … WHERE expired`, so of parallel duplicates exactly one wins
 * (taking over an expired record counts as winning) and the others read the live record.
 */
export class IdempotencyRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): IdempotencyRepository {
    return new IdempotencyRepository(db);
  }

  async claim(claim: IdempotencyClaim, now = new Date()): Promise<ClaimResult> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const id = randomUUID();
      const won = await this.db.$queryRaw<{ id: string }[]>`
        INSERT INTO "IdempotencyRecord"
          ("id", "scope", "orgId", "key", "method", "path", "requestHash", "state", "createdAt", "expiresAt")
        VALUES (${id}::uuid, ${claim.scope}, ${claim.orgId}::uuid, ${claim.key}, ${claim.method},
          ${claim.path}, ${claim.requestHash}, 'in_progress', ${now}, ${claim.expiresAt})
        ON CONFLICT ("scope", "key") DO UPDATE SET
          "id" = EXCLUDED."id", "orgId" = EXCLUDED."orgId", "method" = EXCLUDED."method",
          "path" = EXCLUDED."path", "requestHash" = EXCLUDED."requestHash",
          "state" = 'in_progress', "responseStatus" = NULL, "responseBody" = NULL,
          "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt"
        WHERE "IdempotencyRecord"."expiresAt" <= ${now}
        RETURNING "id"`;
      if (won[0]) return { claimed: true, id: won[0].id };
      const existing = await this.db.idempotencyRecord.findUnique({
        where: { scope_key: { scope: claim.scope, key: claim.key } },
      });
      // Released between the two statements: claim again.
      if (existing) return { claimed: false, record: existing };
    }
    return { claimed: false, record: null };
  }

  /** Stores the answer; the caller runs this in the transaction of the request's writes. */
  async complete(id: string, status: number, body: Prisma.InputJsonValue): Promise<void> {
    await this.db.idempotencyRecord.update({
      where: { id },
      data: { state: 'completed', responseStatus: status, responseBody: body },
    });
  }

  /**
   * Forgets a claim whose request failed (or whose after-commit step failed), so a retry can
   * run; `id` is this claim's own, so a newer claim of the same key is never touched.
   */
  async release(id: string): Promise<void> {
    await this.db.idempotencyRecord.deleteMany({ where: { id } });
  }

  async deleteExpired(now = new Date()): Promise<number> {
    const { count } = await this.db.idempotencyRecord.deleteMany({
      where: { expiresAt: { lte: now } },
    });
    return count;
  }
}
