import type { ApiKey, Role } from '../generated/prisma/client';
import type { DbClient } from './db-client';

export interface CreateApiKeyInput {
  name: string;
  prefix: string;
  keyHash: string;
  role: Role;
  createdById: string | null;
}

/** A key with who created it, for the key list. */
export type ApiKeyWithCreator = ApiKey & {
  createdBy: { id: string; email: string; name: string } | null;
};

const withCreator = { createdBy: { select: { id: true, email: true, name: true } } } as const;

/** A live key and its creator's role in the key's organisation now (null: no longer a member). */
export interface ActiveApiKey {
  key: ApiKey;
  creatorRole: Role | null;
}

export class ApiKeyRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): ApiKeyRepository {
    return new ApiKeyRepository(db);
  }

  create(orgId: string, input: CreateApiKeyInput): Promise<ApiKeyWithCreator> {
    return this.db.apiKey.create({ data: { orgId, ...input }, include: withCreator });
  }

  listForOrg(orgId: string): Promise<ApiKeyWithCreator[]> {
    return this.db.apiKey.findMany({
      where: { orgId },
      include: withCreator,
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
  async unsafeFindActiveByHash(keyHash: string): Promise<ActiveApiKey | null> {
    const key = await this.db.apiKey.findFirst({ where: { keyHash, revokedAt: null } });
    if (!key) return null;
    if (key.createdById === null) return { key, creatorRole: key.role };
    const membership = await this.db.membership.findUnique({
      where: { orgId_userId: { orgId: key.orgId, userId: key.createdById } },
      select: { role: true },
    });
    return { key, creatorRole: membership?.role ?? null };
  }

  /** Revokes every live key a user created in the organisation (they left it); returns them. */
  async revokeCreatedBy(orgId: string, userId: string, now = new Date()): Promise<ApiKey[]> {
    const keys = await this.db.apiKey.findMany({
      where: { orgId, createdById: userId, revokedAt: null },
    });
    if (keys.length === 0) return [];
    await this.db.apiKey.updateMany({
      where: { orgId, id: { in: keys.map((key) => key.id) }, revokedAt: null },
      data: { revokedAt: now },
    });
    return keys;
  }

  /** The user a key was created by (its creator's creator for keys made with a key). */
  async creatorOf(orgId: string, id: string): Promise<string | null> {
    const key = await this.db.apiKey.findFirst({
      where: { orgId, id },
      select: { createdById: true },
    });
    return key?.createdById ?? null;
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
