import { CronExpressionParser } from 'cron-parser';

export interface DueSlotsInput {
  /** 5 fields, or 6 with seconds first. */
  cron: string;
  timezone: string;
  /** The slot the scheduler's job was created for. */
  jobSlot: Date;
  /** The latest slot that already has a run, or null when the schedule never fired. */
  lastRecorded: Date | null;
  now: Date;
  /** Most missed slots to report (the most recent ones). */
  missedLimit: number;
}

export interface DueSlots {
  /** The slot to run now: the latest due one. */
  run: Date | undefined;
  /** Earlier due slots that passed while no worker was running, oldest first. */
  missed: Date[];
}

/**
 * Which cron slots a scheduler job must account for. BullMQ keeps one pending job per
 * scheduler: when no worker runs for a while, the pending job fires late and the slots in
 * between have no job at all. The due slots are those after the last recorded one, up to the
 * later of the job's slot and now (never before the job's slot when nothing is recorded). The
 * latest runs; the others are reported as missed, so no slot is lost or run twice.
 */
export function dueSlots(input: DueSlotsInput): DueSlots {
  const after = input.lastRecorded?.getTime() ?? input.jobSlot.getTime() - 1;
  const until = Math.max(input.jobSlot.getTime(), input.now.getTime());
  const expression = CronExpressionParser.parse(input.cron, {
    currentDate: new Date(until + 1),
    tz: input.timezone,
  });
  const slots: Date[] = [];
  // Walk back from the newest slot: bounded by the limit, however long the outage was.
  while (slots.length <= input.missedLimit) {
    const slot = expression.prev().toDate();
    if (slot.getTime() <= after) break;
    slots.push(slot);
  }
  const [run, ...missed] = slots;
  return { run, missed: missed.reverse() };
}

/** Throws with a readable message when `cron` or `timezone` is not valid. */
export function assertValidCron(cron: string, timezone: string): void {
  CronExpressionParser.parse(cron, { tz: timezone });
}
