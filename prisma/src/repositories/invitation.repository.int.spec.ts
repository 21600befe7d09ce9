import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { InvitationRepository } from './invitation.repository';

describe('InvitationRepository', () => {
  let world: TwoOrgs;
  let invitations: InvitationRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    invitations = new InvitationRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read, list, revoke or accept org A’s invitation', async () => {
    const row = await invitations.create(world.a.orgId, {
      email: 'x@example.test',
      role: 'member',
      tokenHash: 'token-a',
      invitedById: world.a.userId,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await invitations.findForOrg(world.b.orgId, row.id)).toBeNull();
    expect((await invitations.listForOrg(world.b.orgId, { limit: 10 })).items).toEqual([]);
    expect(await invitations.revoke(world.b.orgId, row.id)).toBe(false);
    expect(await invitations.markAccepted(world.b.orgId, row.id)).toBe(false);
    expect((await invitations.unsafeFindByTokenHash('token-a'))?.orgId).toBe(world.a.orgId);
    expect(await invitations.markAccepted(world.a.orgId, row.id)).toBe(true);
    expect(await invitations.markAccepted(world.a.orgId, row.id)).toBe(false);
  });
});
