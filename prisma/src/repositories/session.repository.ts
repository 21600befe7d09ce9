import type { Session, User } from '../generated/prisma/client';
import type { DbClient } from './db-client';

export interface CreateSessionInput {
  userId: string;
  tokenHash: string;
  csrfSecret: string;
  ip: string | null;
  userAgent: string | null;
  expiresAt: Date;
}

/** Sessions are the user's own: every method but the cookie lookup takes `userId` first. */
export class SessionRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): SessionRepository {
    return new SessionRepository(db);
  }

  create(input: CreateSessionInput): Promise<Session> {
    return this.db.session.create({ data: input });
  }

  /** The live session of a cookie (by the SHA-256 of its value) with its user. */
  async findActiveByTokenHash(
    tokenHash: string,
    now = new Date(),
  ): Promise<(Session & { user: User }) | null> {
    return this.db.session.findFirst({
      where: { tokenHash, revokedAt: null, expiresAt: { gt: now } },
      include: { user: true },
    });
  }

  /** Records activity at most once a minute, so reads do not turn into writes. */
  async touch(userId: string, id: string, now = new Date()): Promise<void> {
    await this.db.session.updateMany({
      where: { id, userId, lastSeenAt: { lt: new Date(now.getTime() - 60_000) } },
      data: { lastSeenAt: now },
    });
  }

  listActiveForUser(userId: string, now = new Date()): Promise<Session[]> {
    return this.db.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      take: 100,
    });
  }

  /** True when a live session of this user was revoked. */
  async revoke(userId: string, id: string, now = new Date()): Promise<boolean> {
    const { count } = await this.db.session.updateMany({
      where: { id, userId, revokedAt: null },
      data: { revokedAt: now },
    });
    return count > 0;
  }
}
