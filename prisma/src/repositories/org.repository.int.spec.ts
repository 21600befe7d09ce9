import { createMembership, createUser } from '../testing/factories';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { OrgRepository } from './org.repository';

describe('OrgRepository', () => {
  let world: TwoOrgs;
  let orgs: OrgRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    orgs = new OrgRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read, change or remove org A’s memberships', async () => {
    const user = await createUser(world.db);
    const membership = await createMembership(world.db, world.a.orgId, user.id, 'member');
    expect(await orgs.findMember(world.b.orgId, membership.id)).toBeNull();
    expect((await orgs.listMembers(world.b.orgId)).map((row) => row.id)).not.toContain(
      membership.id,
    );
    expect(await orgs.findMembership(world.b.orgId, user.id)).toBeNull();
    await orgs.updateMemberRole(world.b.orgId, membership.id, 'owner');
    await orgs.removeMember(world.b.orgId, membership.id);
    expect((await orgs.findMember(world.a.orgId, membership.id))?.role).toBe('member');
  });

  it('creates an organisation with its owner and lists a user’s memberships', async () => {
    const user = await createUser(world.db);
    const org = await orgs.createWithOwner(user.id, { name: 'New', slug: 'new-org-1' });
    expect((await orgs.listMembershipsOfUser(user.id)).map((row) => [row.orgId, row.role])).toEqual(
      [[org.id, 'owner']],
    );
    expect(await world.db.$transaction((tx) => orgs.with(tx).lockOwners(org.id))).toHaveLength(1);
  });
});
