import { dueSlots } from './schedule-slots';

const at = (time: string) => new Date(`2026-11-28T${time}.000Z`);
const iso = (dates: Date[]) => dates.map((date) => date.toISOString().slice(11, 19));

describe('the cron slots a scheduler job accounts for', () => {
  const every2s = { cron: '*/2 * * * * *', timezone: 'UTC', missedLimit: 10 };

  it('is the job’s own slot when it fires on time', () => {
    const due = dueSlots({
      ...every2s,
      jobSlot: at('10:00:04'),
      lastRecorded: at('10:00:02'),
      now: at('10:00:04'),
    });
    expect(due.run).toEqual(at('10:00:04'));
    expect(due.missed).toEqual([]);
  });

  it('runs the latest slot and reports the ones missed while no worker ran, oldest first', () => {
    // The pending job was for 10:00:04; the worker came back at 10:00:09.
    const due = dueSlots({
      ...every2s,
      jobSlot: at('10:00:04'),
      lastRecorded: at('10:00:02'),
      now: at('10:00:09'),
    });
    expect(due.run).toEqual(at('10:00:08'));
    expect(iso(due.missed)).toEqual(['10:00:04', '10:00:06']);
  });

  it('has nothing due when the slot was handled already (a job processed twice)', () => {
    const due = dueSlots({
      ...every2s,
      jobSlot: at('10:00:04'),
      lastRecorded: at('10:00:04'),
      now: at('10:00:05'),
    });
    expect(due).toEqual({ run: undefined, missed: [] });
  });

  it('never goes back before the job’s slot on a first firing', () => {
    const due = dueSlots({
      ...every2s,
      jobSlot: at('10:00:04'),
      lastRecorded: null,
      now: new Date('2026-11-28T10:00:04.500Z'),
    });
    expect(due).toEqual({ run: at('10:00:04'), missed: [] });
  });

  it('bounds the missed slots it reports after a long outage', () => {
    const due = dueSlots({
      cron: '* * * * *',
      timezone: 'UTC',
      missedLimit: 3,
      jobSlot: at('10:00:00'),
      lastRecorded: at('09:59:00'),
      now: at('23:00:30'),
    });
    expect(due.run).toEqual(at('23:00:00'));
    expect(iso(due.missed)).toEqual(['22:57:00', '22:58:00', '22:59:00']);
  });

  it('reads the cron in the schedule’s time zone', () => {
    const due = dueSlots({
      cron: '0 9 * * *',
      timezone: 'Europe/Paris',
      missedLimit: 3,
      jobSlot: new Date('2026-11-28T08:00:00.000Z'),
      lastRecorded: new Date('2026-11-27T08:00:00.000Z'),
      now: new Date('2026-11-28T08:00:01.000Z'),
    });
    expect(due).toEqual({ run: new Date('2026-11-28T08:00:00.000Z'), missed: [] });
  });
});
