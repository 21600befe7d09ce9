import type { AuditLog } from '../generated/prisma/client';
import { type DbClient, type RowPage } from './db-client';
import { newestFirst, newestFirstPage } from './newest-first';

export interface AuditEntryInput {
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  metadata?: Record<string, string | number | boolean | null>;
  ip?: string | null;
}

export class AuditRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): AuditRepository {
    return new AuditRepository(db);
  }

  /** `orgId` null for account-level actions (sign-in). */
  async record(orgId: string | null, entry: AuditEntryInput): Promise<void> {
    await this.db.auditLog.create({
      data: {
        orgId,
        action: entry.action,
        actorUserId: entry.actorUserId ?? null,
        actorApiKeyId: entry.actorApiKeyId ?? null,
        subjectType: entry.subjectType ?? null,
        subjectId: entry.subjectId ?? null,
        metadata: entry.metadata ?? {},
        ip: entry.ip ?? null,
      },
    });
  }

  async listForOrg(
    orgId: string,
    page: { cursor?: string; limit: number },
  ): Promise<RowPage<AuditLog>> {
    const { after, ...order } = newestFirst(page);
    const rows = await this.db.auditLog.findMany({
      where: { orgId, ...after },
      ...order,
    });
    return newestFirstPage(rows, page.limit);
  }

  /** Account-level entries of one user (sign-ins), for tests and the account page. */
  listForUser(userId: string, limit = 50): Promise<AuditLog[]> {
    return this.db.auditLog.findMany({
      where: { actorUserId: userId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }
}
