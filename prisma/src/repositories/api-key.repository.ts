import type { ApiKey, Role } from '../generated/prisma/client';
import type { DbClient } from './db-client';

export interface CreateApiKeyInput {
  name: string;
  prefix: string;
  keyHash: string;
  role: Role;
  createdById: string | null;
}

export class ApiKeyRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): ApiKeyRepository {
    return new ApiKeyRepository(db);
  }

  create(orgId: string, input: CreateApiKeyInput): Promise<ApiKey> {
    return this.db.apiKey.create({ data: { orgId, ...input } });
  }

  listForOrg(orgId: string): Promise<ApiKey[]> {
    return this.db.apiKey.findMany({
      where: { orgId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 500,
    });
  }

  findForOrg(orgId: string, id: string): Promise<ApiKey | null> {
    return this.db.apiKey.findFirst({ where: { orgId, id } });
  }

  async revoke(orgId: string, id: string, now = new Date()): Promise<boolean> {
    const { count } = await this.db.apiKey.updateMany({
      where: { orgId, id, revokedAt: null },
      data: { revokedAt: now },
    });
    return count > 0;
  }

  /**
   * The live key of a bearer token (by its SHA-256), whatever its organisation: the key is
   * what tells the organisation. Unscoped, hence `unsafe`.
   */
  unsafeFindActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.db.apiKey.findFirst({ where: { keyHash, revokedAt: null } });
  }

  /** Records use at most once a minute, so authenticated reads do not all become writes. */
  async touchLastUsed(orgId: string, id: string, now = new Date()): Promise<void> {
    await this.db.apiKey.updateMany({
      where: {
        orgId,
        id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }],
      },
      data: { lastUsedAt: now },
    });
  }
}
