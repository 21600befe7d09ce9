import { createTarget } from '../testing/factories';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { RunRepository } from './run.repository';
import { ScheduleRepository } from './schedule.repository';

describe('RunRepository: the runs of schedule slots', () => {
  let world: TwoOrgs;
  let repository: RunRepository;
  let schedules: ScheduleRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    repository = new RunRepository(world.db);
    schedules = new ScheduleRepository(world.db);
  });

  afterAll(() => world.close());

  it('records a slot once, whoever records it, and org B sees none of org A’s slots', async () => {
    const target = await createTarget(world.db, world.a.orgId);
    const schedule = await world.db.schedule.create({
      data: { orgId: world.a.orgId, targetId: target.id, cron: '*/5 * * * *', probes: [] },
    });
    const slot = new Date('2026-11-28T10:05:00.000Z');
    const skip = {
      scheduleId: schedule.id,
      targetId: target.id,
      slot,
      probes: [],
      reason: 'Skipped: busy.',
    };
    const [one, two] = await Promise.all([
      repository.recordSkippedSlot(world.a.orgId, skip),
      repository.recordSkippedSlot(world.a.orgId, { ...skip, reason: 'Missed.' }),
    ]);
    expect(one.id).toBe(two.id);
    expect(await world.db.run.count({ where: { scheduleId: schedule.id } })).toBe(1);
    expect(await repository.findLatestSlot(world.a.orgId, schedule.id)).toEqual(slot);
    expect(await repository.findLatestSlot(world.b.orgId, schedule.id)).toBeNull();
    expect(await repository.findSlotRun(world.b.orgId, schedule.id, slot)).toBeNull();

    await schedules.markFired(world.a.orgId, schedule.id, slot);
    await schedules.markFired(world.a.orgId, schedule.id, new Date('2026-11-28T10:00:00.000Z'));
    await schedules.markFired(world.b.orgId, schedule.id, new Date('2026-11-28T11:00:00.000Z'));
    expect(
      (await world.db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).lastRunAt,
    ).toEqual(slot);
  });
});
