import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { ApiKeyRepository } from './api-key.repository';

describe('ApiKeyRepository', () => {
  let world: TwoOrgs;
  let keys: ApiKeyRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    keys = new ApiKeyRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read, list or revoke org A’s key', async () => {
    const key = await keys.create(world.a.orgId, {
      name: 'ci',
      prefix: 'sd_key_abc',
      keyHash: 'hash-a',
      role: 'member',
      createdById: null,
    });
    expect(await keys.findForOrg(world.b.orgId, key.id)).toBeNull();
    expect(await keys.listForOrg(world.b.orgId)).toEqual([]);
    expect(await keys.revoke(world.b.orgId, key.id)).toBe(false);
    expect((await keys.unsafeFindActiveByHash('hash-a'))?.key.orgId).toBe(world.a.orgId);
  });

  it('stops finding a revoked key and records use at most once a minute', async () => {
    const key = await keys.create(world.b.orgId, {
      name: 'ci',
      prefix: 'sd_key_def',
      keyHash: 'hash-b',
      role: 'admin',
      createdById: null,
    });
    const at = new Date('2026-11-28T12:00:00Z');
    await keys.touchLastUsed(world.b.orgId, key.id, at);
    await keys.touchLastUsed(world.b.orgId, key.id, new Date(at.getTime() + 30_000));
    expect((await keys.findForOrg(world.b.orgId, key.id))?.lastUsedAt?.toISOString()).toBe(
      at.toISOString(),
    );
    expect(await keys.revoke(world.b.orgId, key.id)).toBe(true);
    expect(await keys.unsafeFindActiveByHash('hash-b')).toBeNull();
  });
});
