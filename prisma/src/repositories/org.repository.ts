import type { Membership, Org, Role, User } from '../generated/prisma/client';
import type { DbClient } from './db-client';

export type MembershipWithOrg = Membership & { org: Org };
export type MemberWithUser = Membership & { user: User };

/** Organisations and memberships. Methods on one organisation's data take `orgId` first. */
export class OrgRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): OrgRepository {
    return new OrgRepository(db);
  }

  /** Creates the organisation with `userId` as its owner. */
  createWithOwner(userId: string, input: { name: string; slug: string }): Promise<Org> {
    return this.db.org.create({
      data: { ...input, memberships: { create: { userId, role: 'owner' } } },
    });
  }

  /** The organisation itself, for one of its members. */
  findForOrg(orgId: string): Promise<Org | null> {
    return this.db.org.findUnique({ where: { id: orgId } });
  }

  listMembershipsOfUser(userId: string): Promise<MembershipWithOrg[]> {
    return this.db.membership.findMany({
      where: { userId },
      include: { org: true },
      orderBy: { createdAt: 'asc' },
      take: 500,
    });
  }

  findMembership(orgId: string, userId: string): Promise<Membership | null> {
    return this.db.membership.findUnique({ where: { orgId_userId: { orgId, userId } } });
  }

  listMembers(orgId: string): Promise<MemberWithUser[]> {
    return this.db.membership.findMany({
      where: { orgId },
      include: { user: true },
      orderBy: { createdAt: 'asc' },
      take: 1000,
    });
  }

  findMember(orgId: string, membershipId: string): Promise<MemberWithUser | null> {
    return this.db.membership.findFirst({
      where: { orgId, id: membershipId },
      include: { user: true },
    });
  }

  addMember(orgId: string, userId: string, role: Role): Promise<Membership> {
    return this.db.membership.create({ data: { orgId, userId, role } });
  }

  async updateMemberRole(orgId: string, membershipId: string, role: Role): Promise<void> {
    await this.db.membership.updateMany({ where: { orgId, id: membershipId }, data: { role } });
  }

  async removeMember(orgId: string, membershipId: string): Promise<void> {
    await this.db.membership.deleteMany({ where: { orgId, id: membershipId } });
  }

  /**
   * Owners of the organisation, the rows locked until the transaction ends, so two admins
   * demoting the two last owners at once cannot both succeed.
   */
  async lockOwners(orgId: string): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Membership" WHERE "orgId" = ${orgId}::uuid AND role = 'owner' FOR UPDATE`;
    return rows.map((row) => row.id);
  }
}
