import { randomBytes } from 'node:crypto';

import type { Membership, Org, Role, User } from '../../generated/prisma/client';
import type { Db } from '../../client';

const unique = (): string => randomBytes(5).toString('hex');

/** A user with a placeholder hash (tests that sign in use the API's sign-up). */
export function createUser(
  db: Db,
  overrides: Partial<Pick<User, 'email' | 'name' | 'passwordHash'>> = {},
): Promise<User> {
  return db.user.create({
    data: {
      email: `user-${unique()}@example.test`,
      name: 'Test User',
      passwordHash: 'not-a-real-hash',
      ...overrides,
    },
  });
}

export function createOrg(
  db: Db,
  overrides: Partial<Omit<Org, 'id' | 'createdAt' | 'updatedAt'>> = {},
): Promise<Org> {
  const id = unique();
  return db.org.create({ data: { name: `Org ${id}`, slug: `org-${id}`, ...overrides } });
}

export function createMembership(
  db: Db,
  orgId: string,
  userId: string,
  role: Role = 'member',
): Promise<Membership> {
  return db.membership.create({ data: { orgId, userId, role } });
}

/** An organisation with an owner: the usual start of a tenancy test. */
export async function createOrgWithOwner(db: Db): Promise<{ org: Org; owner: User }> {
  const org = await createOrg(db);
  const owner = await createUser(db);
  await createMembership(db, org.id, owner.id, 'owner');
  return { org, owner };
}
