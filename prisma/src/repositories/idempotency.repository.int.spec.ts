import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { IdempotencyRepository, type IdempotencyClaim } from './idempotency.repository';

describe('IdempotencyRepository', () => {
  let world: TwoOrgs;
  let records: IdempotencyRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    records = new IdempotencyRepository(world.db);
  });

  afterAll(() => world.close());

  const claim = (
    orgId: string,
    key: string,
    expiresAt = new Date(Date.now() + 60_000),
  ): IdempotencyClaim => ({
    scope: `org:${orgId}`,
    orgId,
    key,
    method: 'POST',
    path: '/targets',
    requestHash: 'h',
    expiresAt,
  });

  it('org B cannot see org A’s key: the same key is a new claim in another scope', async () => {
    expect((await records.claim(claim(world.a.orgId, 'k1'))).claimed).toBe(true);
    expect((await records.claim(claim(world.b.orgId, 'k1'))).claimed).toBe(true);
    const again = await records.claim(claim(world.a.orgId, 'k1'));
    expect(again.claimed === false && again.record?.orgId).toBe(world.a.orgId);
  });

  it('lets exactly one of parallel claims win, and reclaims expired keys', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => records.claim(claim(world.a.orgId, 'parallel'))),
    );
    expect(results.filter((result) => result.claimed)).toHaveLength(1);
    const expired = await records.claim(claim(world.a.orgId, 'old', new Date(Date.now() - 1000)));
    expect(expired.claimed).toBe(true);
    expect((await records.claim(claim(world.a.orgId, 'old'))).claimed).toBe(true);
  });

  it('never throws when claims race releases: each answer is a win or a live record', async () => {
    let wins = 0;
    let seen = 0;
    for (let round = 0; round < 20; round += 1) {
      const key = `race-${round}`;
      const results = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const result = await records.claim(claim(world.a.orgId, key));
          if (result.claimed) await records.release(result.id);
          return result;
        }),
      );
      wins += results.filter((result) => result.claimed).length;
      seen += results.filter((result) => !result.claimed).length;
    }
    expect(wins).toBeGreaterThanOrEqual(20);
    expect(wins + seen).toBe(160);
  });
});
