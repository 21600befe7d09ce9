import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { AuditRepository } from './audit.repository';

describe('AuditRepository', () => {
  let world: TwoOrgs;
  let audit: AuditRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    audit = new AuditRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read org A’s entries, and pages newest first', async () => {
    for (const action of ['target.deleted', 'api_key.created', 'api_key.revoked']) {
      await audit.record(world.a.orgId, {
        action,
        actorUserId: world.a.userId,
        metadata: { n: 1 },
      });
    }
    expect((await audit.listForOrg(world.b.orgId, { limit: 10 })).items).toEqual([]);
    const first = await audit.listForOrg(world.a.orgId, { limit: 2 });
    const second = await audit.listForOrg(world.a.orgId, { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((row) => row.action)).toEqual([
      'api_key.revoked',
      'api_key.created',
      'target.deleted',
    ]);
  });
});
