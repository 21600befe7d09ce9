import { createUser } from '../testing/factories';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { SessionRepository } from './session.repository';

describe('SessionRepository', () => {
  let world: TwoOrgs;
  let sessions: SessionRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    sessions = new SessionRepository(world.db);
  });

  afterAll(() => world.close());

  it('user B cannot list or revoke user A’s session (sessions are scoped by user)', async () => {
    const [alice, bob] = [await createUser(world.db), await createUser(world.db)];
    const session = await sessions.create({
      userId: alice.id,
      tokenHash: 'hash-a',
      csrfSecret: 's',
      ip: null,
      userAgent: null,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await sessions.listActiveForUser(bob.id)).toEqual([]);
    expect(await sessions.revoke(bob.id, session.id)).toBe(false);
    expect((await sessions.findActiveByTokenHash('hash-a'))?.user.id).toBe(alice.id);
  });

  it('finds neither expired nor revoked sessions', async () => {
    const user = await createUser(world.db);
    await sessions.create({
      userId: user.id,
      tokenHash: 'expired',
      csrfSecret: 's',
      ip: null,
      userAgent: null,
      expiresAt: new Date(Date.now() - 1000),
    });
    const live = await sessions.create({
      userId: user.id,
      tokenHash: 'live',
      csrfSecret: 's',
      ip: null,
      userAgent: null,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await sessions.findActiveByTokenHash('expired')).toBeNull();
    expect(await sessions.revoke(user.id, live.id)).toBe(true);
    expect(await sessions.findActiveByTokenHash('live')).toBeNull();
  });
});
