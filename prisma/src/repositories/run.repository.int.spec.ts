import { createTarget } from '../testing/factories';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { RunCreationRefusedError } from './run-admission';
import { RunRepository } from './run.repository';

describe('RunRepository', () => {
  let world: TwoOrgs;
  let runs: RunRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    runs = new RunRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read, list, cancel or create runs on org A’s rows', async () => {
    const target = await createTarget(world.db, world.a.orgId);
    const run = await runs.createQueuedRun(world.a.orgId, {
      targetId: target.id,
      trigger: 'api',
      probes: [],
    });
    expect(run?.status).toBe('queued');
    expect(await runs.findForOrg(world.b.orgId, run!.id)).toBeNull();
    expect((await runs.listForOrg(world.b.orgId, { limit: 50 })).items).toEqual([]);
    expect(
      (await runs.listForOrg(world.b.orgId, { limit: 50, targetId: target.id })).items,
    ).toEqual([]);
    expect(await runs.cancelQueued(world.b.orgId, run!.id)).toBe(false);
    expect(
      await runs.createQueuedRun(world.b.orgId, {
        targetId: target.id,
        trigger: 'api',
        probes: [],
      }),
    ).toBeNull();
    expect((await runs.findForOrg(world.a.orgId, run!.id))?.status).toBe('queued');
  });

  it('lets exactly one of many parallel creations on a target through', async () => {
    const target = await createTarget(world.db, world.b.orgId);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        runs.createQueuedRun(world.b.orgId, {
          targetId: target.id,
          trigger: 'api',
          probes: [],
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((candidate) => candidate.status === 'rejected')) {
      expect(result.reason).toBeInstanceOf(RunCreationRefusedError);
      expect((result.reason as RunCreationRefusedError).code).toBe('run_already_active');
    }
  });

  it('refuses past the concurrent and the daily limit, naming the limit', async () => {
    const org = (
      await world.db.org.create({
        data: { name: 'small', slug: 'small-org', maxConcurrentRuns: 1, maxDailyRuns: 2 },
      })
    ).id;
    const [t1, t2, t3] = [
      await createTarget(world.db, org),
      await createTarget(world.db, org),
      await createTarget(world.db, org),
    ];
    const first = await runs.createQueuedRun(org, {
      targetId: t1.id,
      trigger: 'api',
      probes: [],
    });
    await expect(
      runs.createQueuedRun(org, { targetId: t2.id, trigger: 'api', probes: [] }),
    ).rejects.toMatchObject({
      code: 'concurrent_runs_limit',
      details: { limit: 'maxConcurrentRuns', value: 1 },
    });
    await runs.cancelQueued(org, first!.id);
    await runs.createQueuedRun(org, { targetId: t2.id, trigger: 'api', probes: [] });
    await world.db.run.updateMany({ where: { orgId: org }, data: { status: 'completed' } });
    await expect(
      runs.createQueuedRun(org, { targetId: t3.id, trigger: 'api', probes: [] }),
    ).rejects.toMatchObject({
      code: 'daily_runs_limit',
    });
  });
});
