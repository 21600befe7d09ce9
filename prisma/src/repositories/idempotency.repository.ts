import type { IdempotencyRecord, Prisma } from '../generated/prisma/client';
import { isUniqueViolation, type DbClient } from './db-client';

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
  { claimed: true; id: string } | { claimed: false; record: IdempotencyRecord };

/**
 * `Idempotency-Key` records. Claiming is one INSERT against the unique `(scope, key)`: of
 * parallel duplicates exactly one wins, the others read the winner's record.
 */
export class IdempotencyRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): IdempotencyRepository {
    return new IdempotencyRepository(db);
  }

  async claim(claim: IdempotencyClaim, now = new Date()): Promise<ClaimResult> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const record = await this.db.idempotencyRecord.create({
          data: claim,
          select: { id: true },
        });
        return { claimed: true, id: record.id };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const existing = await this.db.idempotencyRecord.findUnique({
        where: { scope_key: { scope: claim.scope, key: claim.key } },
      });
      if (existing && existing.expiresAt > now) return { claimed: false, record: existing };
      // Expired (or released meanwhile): remove it and claim once more.
      if (existing) {
        await this.db.idempotencyRecord.deleteMany({
          where: { id: existing.id, expiresAt: { lte: now } },
        });
      }
    }
    const record = await this.db.idempotencyRecord.findUnique({
      where: { scope_key: { scope: claim.scope, key: claim.key } },
    });
    if (!record) throw new Error('idempotency record vanished while claiming');
    return { claimed: false, record };
  }

  async complete(id: string, status: number, body: Prisma.InputJsonValue): Promise<void> {
    await this.db.idempotencyRecord.update({
      where: { id },
      data: { state: 'completed', responseStatus: status, responseBody: body },
    });
  }

  /** Forgets a claim whose request failed, so a retry can run. */
  async release(id: string): Promise<void> {
    await this.db.idempotencyRecord.deleteMany({ where: { id, state: 'in_progress' } });
  }

  async deleteExpired(now = new Date()): Promise<number> {
    const { count } = await this.db.idempotencyRecord.deleteMany({
      where: { expiresAt: { lte: now } },
    });
    return count;
  }
}
