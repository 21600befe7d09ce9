import { QUEUES } from '@shakedown/core/jobs';

import { createOrgWithTarget } from '../../test/factories';
import { spawnWorker, startWorker, waitFor } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';
import { itemsConfig } from '../../test/targets/items.target';
import { ScheduleReconciler } from './schedule-reconciler.service';

const EVERY_2S = '*/2 * * * * *';

describe('schedules', () => {
  const suite = useWorkerSuite({
    target: {},
    env: {
      JOB_LOCK_DURATION_MS: '4000',
      JOB_STALLED_INTERVAL_MS: '2000',
      SCHEDULE_CATCHUP_LIMIT: '100',
    },
  });

  async function scheduledTarget(name: string) {
    const baseUrl = `${suite.target.url}/t/${name}`;
    const { org, target: row } = await createOrgWithTarget(suite.test.db, {
      baseUrl,
      config: itemsConfig(name, baseUrl, { burst: 10 }),
      org: { maxDailyRuns: 10_000 },
    });
    const schedule = await suite.test.db.schedule.create({
      data: { orgId: org.id, targetId: row.id, cron: EVERY_2S, timezone: 'UTC', probes: [] },
    });
    return { org, target: row, schedule };
  }

  const slotsOf = (scheduleId: string) =>
    suite.test.db.run.findMany({ where: { scheduleId }, orderBy: { scheduleSlot: 'asc' } });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('fires every slot once across worker restarts, a lost scheduler included', async () => {
    const { schedule } = await scheduledTarget('every-2s');
    const countAfter = async (minimum: number, since = 0) =>
      waitFor(
        async () => {
          const runs = await slotsOf(schedule.id);
          return runs.filter((run) => run.scheduleSlot!.getTime() > since).length >= minimum;
        },
        { timeoutMs: 90_000, intervalMs: 250, what: `${minimum} scheduled runs` },
      );

    // 1. A worker runs the schedule (its scheduler is created from the database at start-up).
    const first = await spawnWorker(suite.test);
    suite.workers.push(first);
    await countAfter(3);
    // 2. It is killed; slots pass with no worker; another one starts.
    await first.kill('SIGKILL');
    await sleep(4_500);
    const second = await spawnWorker(suite.test);
    suite.workers.push(second);
    await countAfter(3, Date.now());
    // 3. Redis loses the scheduler while no worker runs; the next worker restores it.
    await second.kill('SIGKILL');
    await suite.test.queue(QUEUES.schedules).removeJobScheduler(`schedule:${schedule.id}`);
    await sleep(2_500);
    const third = await spawnWorker(suite.test);
    suite.workers.push(third);
    await countAfter(3, Date.now());
    await third.kill('SIGKILL');

    const runs = await slotsOf(schedule.id);
    const slots = runs.map((run) => run.scheduleSlot!.getTime());
    // Every 2-second slot from the first to the last has exactly one run: none lost, none doubled.
    expect(slots[0]! % 2000).toBe(0);
    expect(slots).toEqual(slots.map((_, i) => slots[0]! + i * 2000));
    expect(slots[0]!).toBeGreaterThanOrEqual(schedule.createdAt.getTime() - 2000);
    // Never early; slots with no worker running are recorded as missed, with the reason.
    for (const run of runs)
      expect(run.createdAt.getTime()).toBeGreaterThanOrEqual(run.scheduleSlot!.getTime());
    const missed = runs.filter((run) =>
      run.failureReason?.startsWith('Missed: no worker was running'),
    );
    expect(missed.length).toBeGreaterThanOrEqual(2);
    expect(missed.every((run) => run.status === 'cancelled')).toBe(true);
    // The others ran, or were skipped because the target's previous run was still going.
    const others = runs.filter((run) => !missed.includes(run));
    expect(others.some((run) => run.status === 'completed')).toBe(true);
    const unexpected = others.filter((run) =>
      run.status === 'cancelled'
        ? !/^Skipped: the target already has/.test(run.failureReason ?? '')
        : !['completed', 'queued', 'running'].includes(run.status),
    );
    expect(unexpected).toEqual([]);
    const lateness = others.map((run) => run.createdAt.getTime() - run.scheduleSlot!.getTime());
    process.stdout.write(
      `${runs.length} slots, ${missed.length} missed while no worker ran; ` +
        `slot → run created: median ${lateness.sort((a, b) => a - b)[Math.floor(lateness.length / 2)]} ms\n`,
    );
    const schedulers = await suite.test.queue(QUEUES.schedules).getJobSchedulers(0, -1);
    expect(schedulers.map((scheduler) => scheduler.key)).toEqual([`schedule:${schedule.id}`]);
  });

  it('removes the scheduler of a disabled or deleted schedule', async () => {
    // The schedules of the test before are done with.
    await suite.test.db.schedule.updateMany({ data: { enabled: false } });
    const kept = await scheduledTarget('kept');
    const disabled = await scheduledTarget('disabled');
    const deleted = await scheduledTarget('deleted');
    const worker = await startWorker(suite.test);
    try {
      const reconciler = worker.app.get(ScheduleReconciler);
      const ids = async () =>
        (await suite.test.queue(QUEUES.schedules).getJobSchedulers(0, -1))
          .map((row) => row.key)
          .sort();
      await reconciler.reconcile();
      expect(await ids()).toEqual(
        [kept, disabled, deleted].map(({ schedule }) => `schedule:${schedule.id}`).sort(),
      );
      await suite.test.db.schedule.update({
        where: { id: disabled.schedule.id },
        data: { enabled: false },
      });
      await suite.test.db.schedule.delete({ where: { id: deleted.schedule.id } });
      expect((await reconciler.reconcile()).removed.sort()).toEqual(
        [disabled, deleted].map(({ schedule }) => `schedule:${schedule.id}`).sort(),
      );
      expect(await ids()).toEqual([`schedule:${kept.schedule.id}`]);
      // A changed cron is applied at the next reconciliation.
      await suite.test.db.schedule.update({
        where: { id: kept.schedule.id },
        data: { cron: '0 9 * * *', timezone: 'Europe/Paris' },
      });
      expect((await reconciler.reconcile()).upserted).toEqual([`schedule:${kept.schedule.id}`]);
      const [scheduler] = await suite.test.queue(QUEUES.schedules).getJobSchedulers(0, -1);
      expect(scheduler).toMatchObject({ pattern: '0 9 * * *', tz: 'Europe/Paris' });
    } finally {
      await worker.close();
    }
  });
});
