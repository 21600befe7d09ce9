import type { ArrivalSchedule } from './arrival-schedule';
import type { LoadRun } from './load-run';
import type { LoadVu } from './load-vu';

/**
 * The open model (k6's `constant-arrival-rate` and `ramping-arrival-rate`): iteration k starts
 * at its scheduled time whatever happened to the earlier ones, on a free VU. Its latency is
 * measured from that scheduled time, so timer lateness and a stalling target both show in the
 * percentiles instead of quietly lowering the rate (coordinated omission). When no VU is free
 * and `maxVUs` are busy, the iteration is dropped and counted, never delayed.
 *
 * Resolves with the number of iterations it handed out (sent, dropped or refused) when the
 * schedule ends or the stage stops.
 */
export async function runArrivalRate(
  run: LoadRun,
  schedule: ArrivalSchedule,
  maxVUs: number,
): Promise<number> {
  const free: LoadVu[] = [];
  let droppedByBudget = 0;
  run.onIterationDone = (vu) => {
    free.push(vu);
  };
  run.begin();
  const { clock, t0 } = run;

  const start = (scheduledAt: number) => {
    let vu = free.pop();
    if (vu === undefined) {
      if (run.vuCount >= maxVUs) {
        run.droppedIterations += 1;
        return;
      }
      vu = run.createVu();
    }
    if (!run.tryAcquire()) {
      free.push(vu);
      if (!run.isStopping) {
        run.droppedIterations += 1;
        droppedByBudget += 1;
      }
      return;
    }
    run.send(vu, t0 + scheduledAt, clock.now());
  };

  // Each pass starts every due iteration or sleeps until the next one; the bound only guards
  // against a clock that wakes early forever.
  const maxPasses = schedule.total + Math.ceil(schedule.durationMs) + 1000;
  for (let pass = 0; pass < maxPasses && !run.isStopping; pass++) {
    const now = clock.now() - t0;
    let due = schedule.peek();
    while (due !== undefined && due <= now && !run.isStopping) {
      schedule.advance();
      start(due);
      due = schedule.peek();
    }
    if (due === undefined || run.isStopping) break;
    try {
      await clock.sleep(due - (clock.now() - t0), run.stopSignal);
    } catch {
      break;
    }
  }
  if (droppedByBudget > 0) {
    run.notes.push(
      `${droppedByBudget} iterations were not sent because the run's budget (maxRps ` +
        `${run.budget.limits.maxRps}) refused them`,
    );
  }
  run.stopScheduling();
  return schedule.issued;
}
