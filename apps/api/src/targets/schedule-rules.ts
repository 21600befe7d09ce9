import { CronExpressionParser } from 'cron-parser';
import type { Issue } from '@shakedown/core/contract';

/** Schedules fire at most this often: a run every few seconds would burn the daily limit. */
export const MIN_SCHEDULE_INTERVAL_MS = 5 * 60 * 1000;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Two whole days of firings (and the midnights between) from the first one. */
const CHECKED_SPAN_MS = 48 * 60 * 60 * 1000;
/** More firings than two days at the 5-minute minimum hold: the rule is broken by then anyway. */
const MAX_CHECKED_FIRINGS = CHECKED_SPAN_MS / MIN_SCHEDULE_INTERVAL_MS + 2;

/**
 * The firings the 5-minute rule is checked over: every firing of the two days from the first
 * one. Hours, minutes and seconds repeat on every day a cron fires, so a day's firings and the
 * step over midnight show every gap it will ever have (a crafted list such as
 * `0,5,10,15,20,25,30-59 2 * * *`, compliant for its first 6 firings, included).
 */
function firingsToCheck(iterator: { hasNext(): boolean; next(): { toDate(): Date } }): Date[] {
  const slots: Date[] = [];
  while (slots.length < MAX_CHECKED_FIRINGS && iterator.hasNext()) {
    const slot = iterator.next().toDate();
    if (slots.length > 0 && slot.getTime() - slots[0]!.getTime() > CHECKED_SPAN_MS) break;
    slots.push(slot);
  }
  return slots;
}

/** Problems of a cron expression in a time zone (empty when it is fine). */
export function scheduleIssues(cron: string, timezone: string, now = new Date()): Issue[] {
  if (!isTimeZone(timezone)) {
    return [
      {
        path: 'body.timezone',
        message: `"${timezone}" is not an IANA time zone such as Europe/Paris or UTC`,
      },
    ];
  }
  const fields = cron.trim().split(/\s+/);
  if (!cron.startsWith('@') && (fields.length < 5 || fields.length > 6)) {
    return [
      {
        path: 'body.cron',
        message: 'must have 5 fields (minute hour day month weekday) or 6 (with seconds first)',
      },
    ];
  }
  let slots: Date[];
  try {
    slots = firingsToCheck(CronExpressionParser.parse(cron, { tz: timezone, currentDate: now }));
  } catch (error) {
    return [
      {
        path: 'body.cron',
        message: `is not a valid cron expression: ${error instanceof Error ? error.message : 'parse error'}`,
      },
    ];
  }
  for (let index = 1; index < slots.length; index += 1) {
    if (slots[index]!.getTime() - slots[index - 1]!.getTime() < MIN_SCHEDULE_INTERVAL_MS) {
      return [{ path: 'body.cron', message: 'fires more often than every 5 minutes' }];
    }
  }
  return [];
}

/** The next `count` slots (fewer when the expression cannot be read). */
export function nextSlots(cron: string, timezone: string, count: number, now = new Date()): Date[] {
  try {
    const iterator = CronExpressionParser.parse(cron, { tz: timezone, currentDate: now });
    return Array.from({ length: count }, () => iterator.next().toDate());
  } catch {
    return [];
  }
}

export function nextSlot(cron: string, timezone: string, now = new Date()): Date | null {
  try {
    return CronExpressionParser.parse(cron, { tz: timezone, currentDate: now }).next().toDate();
  } catch {
    return null;
  }
}
