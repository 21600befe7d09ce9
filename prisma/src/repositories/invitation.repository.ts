import type { Invitation, Role } from '../generated/prisma/client';
import { type DbClient, type RowPage } from './db-client';
import { newestFirst, newestFirstPage } from './newest-first';

export interface CreateInvitationInput {
  email: string;
  role: Role;
  tokenHash: string;
  invitedById: string | null;
  expiresAt: Date;
}

export class InvitationRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): InvitationRepository {
    return new InvitationRepository(db);
  }

  create(orgId: string, input: CreateInvitationInput): Promise<Invitation> {
    return this.db.invitation.create({ data: { orgId, ...input } });
  }

  async listForOrg(
    orgId: string,
    page: { cursor?: string; limit: number },
  ): Promise<RowPage<Invitation>> {
    const { after, ...order } = newestFirst(page);
    const rows = await this.db.invitation.findMany({
      where: { orgId, ...after },
      ...order,
    });
    return newestFirstPage(rows, page.limit);
  }

  findForOrg(orgId: string, id: string): Promise<Invitation | null> {
    return this.db.invitation.findFirst({ where: { orgId, id } });
  }

  /** Revokes a pending invitation; false when it is not pending (accepted, revoked, expired). */
  async revoke(orgId: string, id: string, now = new Date()): Promise<boolean> {
    const { count } = await this.db.invitation.updateMany({
      where: { orgId, id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    return count > 0;
  }

  /**
   * The invitation of a link, whatever its organisation: the token is the capability. Unscoped,
   * hence `unsafe`; the caller checks expiry and the invitee's email.
   */
  unsafeFindByTokenHash(tokenHash: string): Promise<Invitation | null> {
    return this.db.invitation.findUnique({ where: { tokenHash } });
  }

  /** Marks a pending invitation accepted; false when another request accepted it first. */
  async markAccepted(orgId: string, id: string, now = new Date()): Promise<boolean> {
    const { count } = await this.db.invitation.updateMany({
      where: { orgId, id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    return count > 0;
  }
}
