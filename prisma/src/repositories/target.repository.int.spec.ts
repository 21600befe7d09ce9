import { sealConfig } from '../sealed-config';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { TargetRepository } from './target.repository';

/** A config as the API stores it. */
const stored = (document: { version?: number }) =>
  sealConfig(document, 'a-test-secret-of-enough-length');

describe('TargetRepository', () => {
  let world: TwoOrgs;
  let targets: TargetRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    targets = new TargetRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read, list, change or delete org A’s row', async () => {
    const row = await targets.create(world.a.orgId, {
      name: 'orders',
      baseUrl: 'http://127.0.0.1:4010',
      ...stored({ version: 1 }),
      verificationToken: 'sdv_a',
    });
    expect(await targets.findForOrg(world.b.orgId, row.id)).toBeNull();
    expect((await targets.listForOrg(world.b.orgId, { limit: 50 })).items).toEqual([]);
    expect(
      await targets.update(world.b.orgId, row.id, {
        name: 'x',
        baseUrl: 'http://x',
        ...stored({}),
      }),
    ).toBeNull();
    expect(await targets.delete(world.b.orgId, row.id)).toBe(false);
    expect((await targets.findForOrg(world.a.orgId, row.id))?.name).toBe('orders');
  });

  it('keeps names unique per organisation only, and pages newest first', async () => {
    await targets.create(world.b.orgId, {
      name: 'orders',
      baseUrl: 'http://127.0.0.1:1',
      ...stored({}),
      verificationToken: 't',
    });
    await expect(
      targets.create(world.b.orgId, {
        name: 'orders',
        baseUrl: 'http://127.0.0.1:1',
        ...stored({}),
        verificationToken: 't',
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    for (const name of ['p1', 'p2', 'p3']) {
      await targets.create(world.b.orgId, {
        name,
        baseUrl: 'http://127.0.0.1:1',
        ...stored({}),
        verificationToken: 't',
      });
    }
    const first = await targets.listForOrg(world.b.orgId, { limit: 2 });
    const second = await targets.listForOrg(world.b.orgId, { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((row) => row.name)).toEqual([
      'p3',
      'p2',
      'p1',
      'orders',
    ]);
    expect(second.nextCursor).toBeNull();
  });
});
