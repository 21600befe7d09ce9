import { nextSlot, scheduleIssues } from './schedule-rules';

const NOW = new Date('2026-11-28T12:00:00Z');

describe('schedule rules', () => {
  it('accepts a 5-field cron in an IANA zone and finds its next slot there', () => {
    expect(scheduleIssues('0 9 * * 1-5', 'Europe/Paris', NOW)).toEqual([]);
    expect(nextSlot('0 9 * * *', 'Europe/Paris', NOW)?.toISOString()).toBe(
      '2026-11-29T08:00:00.000Z',
    );
  });

  it('names a bad zone, a bad cron, a wrong field count and a too frequent cron', () => {
    expect(scheduleIssues('0 9 * * *', 'Mars/Olympus', NOW)[0]?.path).toBe('body.timezone');
    expect(scheduleIssues('61 * * * *', 'UTC', NOW)[0]?.message).toMatch(/not a valid cron/);
    expect(scheduleIssues('* * *', 'UTC', NOW)[0]?.message).toMatch(/5 fields/);
    expect(scheduleIssues('*/1 * * * *', 'UTC', NOW)[0]?.message).toMatch(/every 5 minutes/);
    expect(scheduleIssues('*/10 * * * * *', 'UTC', NOW)[0]?.message).toMatch(/every 5 minutes/);
  });

  it('checks a whole day of firings: a crafted minute list dense after its 6th firing is refused', () => {
    const crafted = '0,5,10,15,20,25,30-59 2 * * *';
    expect(scheduleIssues(crafted, 'UTC', NOW)[0]?.message).toMatch(/every 5 minutes/);
    expect(scheduleIssues('0,5,10,15,20,25,30-59 2 * * 3', 'Europe/Paris', NOW)[0]?.path).toBe(
      'body.cron',
    );
    // The step over midnight counts too: 23:58 then 00:00.
    expect(scheduleIssues('0,58 0,23 * * *', 'UTC', NOW)[0]?.message).toMatch(/every 5 minutes/);
    expect(scheduleIssues('*/5 * * * *', 'UTC', NOW)).toEqual([]);
    expect(scheduleIssues('0,5,10,15,20,25,30,35,40,45,50,55 2 * * *', 'UTC', NOW)).toEqual([]);
    expect(scheduleIssues('0 0 29 2 *', 'UTC', NOW)).toEqual([]);
  });
});
