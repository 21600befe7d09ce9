import { createTarget } from '../../test/factories';
import { twoOrgs, type TwoOrgs } from '../../test/repository-harness';
import { ScheduledRunsRepository } from './scheduled-runs.repository';

describe('ScheduledRunsRepository', () => {
  let world: TwoOrgs;
  let repository: ScheduledRunsRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    repository = new ScheduledRunsRepository(world.db);
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
      config: {},
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
    expect(await repository.listSlotRuns(world.b.orgId, schedule.id)).toEqual([]);

    await repository.markFired(world.a.orgId, schedule.id, slot);
    await repository.markFired(world.a.orgId, schedule.id, new Date('2026-11-28T10:00:00.000Z'));
    await repository.markFired(world.b.orgId, schedule.id, new Date('2026-11-28T11:00:00.000Z'));
    expect(
      (await world.db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).lastRunAt,
    ).toEqual(slot);
  });
});
