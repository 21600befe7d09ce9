import { createTarget } from '../testing/factories';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { ScheduleRepository } from './schedule.repository';

describe('ScheduleRepository', () => {
  let world: TwoOrgs;
  let schedules: ScheduleRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    schedules = new ScheduleRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read or delete org A’s schedule', async () => {
    const target = await createTarget(world.db, world.a.orgId);
    const row = await schedules.upsert(world.a.orgId, target.id, {
      cron: '0 9 * * *',
      timezone: 'UTC',
      probes: [],
      enabled: true,
    });
    expect(await schedules.findForTarget(world.b.orgId, target.id)).toBeNull();
    expect(await schedules.deleteForTarget(world.b.orgId, target.id)).toBeNull();
    expect((await schedules.findForTarget(world.a.orgId, target.id))?.id).toBe(row.id);
    expect((await schedules.unsafeListEnabled()).map((schedule) => schedule.id)).toContain(row.id);
    const replaced = await schedules.upsert(world.a.orgId, target.id, {
      cron: '0 10 * * *',
      timezone: 'UTC',
      probes: ['schema'],
      enabled: false,
    });
    expect(replaced.id).toBe(row.id);
    expect(await schedules.unsafeListEnabled()).toEqual([]);
  });
});
