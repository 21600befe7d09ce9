import { AuditRepository } from './repositories/audit.repository';
import { afterCommit, inRequestTransaction, transactionAware } from './request-transaction';
import { twoOrgs, type TwoOrgs } from './testing/two-orgs';

describe('the request transaction', () => {
  let world: TwoOrgs;

  beforeAll(async () => {
    world = await twoOrgs();
  });

  afterAll(() => world.close());

  const entries = (action: string) => world.db.auditLog.count({ where: { action } });

  it('joins every query of the work, commits with finish, then runs the after-commit hooks', async () => {
    const db = transactionAware(world.db);
    const audit = new AuditRepository(db);
    const seen: Record<string, number> = {};
    await inRequestTransaction(
      world.db,
      async () => {
        await audit.record(world.a.orgId, { action: 'tx.joined' });
        // A nested $transaction joins the open one instead of taking another connection.
        await db.$transaction(async (tx) => {
          await new AuditRepository(tx).record(world.a.orgId, { action: 'tx.joined' });
        });
        seen.insideFromPool = await entries('tx.joined');
        await afterCommit(async () => {
          seen.afterCommit = await entries('tx.joined');
        });
      },
      async (tx) => {
        await new AuditRepository(tx).record(world.a.orgId, { action: 'tx.joined' });
      },
    );
    expect(seen).toEqual({ insideFromPool: 0, afterCommit: 3 });
  });

  it('keeps nothing and runs no hook when the work or finish throws', async () => {
    const audit = new AuditRepository(transactionAware(world.db));
    let hooked = false;
    for (const failIn of ['work', 'finish']) {
      await expect(
        inRequestTransaction(
          world.db,
          async () => {
            await audit.record(world.a.orgId, { action: 'tx.rolled_back' });
            await afterCommit(() => {
              hooked = true;
              return Promise.resolve();
            });
            if (failIn === 'work') throw new Error('work failed');
          },
          () => Promise.reject(new Error('finish failed')),
        ),
      ).rejects.toThrow(`${failIn} failed`);
    }
    expect(await entries('tx.rolled_back')).toBe(0);
    expect(hooked).toBe(false);
  });

  it('runs hooks at once and queries on the pool outside a request transaction', async () => {
    const audit = new AuditRepository(transactionAware(world.db));
    await audit.record(world.a.orgId, { action: 'tx.none' });
    let ran = false;
    await afterCommit(() => {
      ran = true;
      return Promise.resolve();
    });
    expect(ran).toBe(true);
    expect(await entries('tx.none')).toBe(1);
  });
});
