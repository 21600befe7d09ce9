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
});
