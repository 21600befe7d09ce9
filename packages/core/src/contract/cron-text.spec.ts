import { describeCron } from './cron-text';

describe('describeCron', () => {
  it.each([
    ['30 6 * * 1-5', 'Every weekday (Monday to Friday) at 06:30'],
    ['0 3 * * *', 'Every day at 03:00'],
    ['*/15 * * * *', 'Every 15 minutes'],
    ['5 * * * *', 'Every hour at minute 5'],
    ['0 */6 * * *', 'Every 6 hours at minute 0'],
    ['0 9 1 * *', 'On day 1 of every month at 09:00'],
    ['0 0 9 * * 1,3', 'Every Monday, Wednesday at 09:00'],
    ['@daily', 'Every day at 00:00'],
  ])('reads %s as "%s"', (cron, text) => {
    expect(describeCron(cron)).toBe(text);
  });

  it('shows what it cannot name as written', () => {
    expect(describeCron('0 9 * 1 *')).toBe('Custom schedule: 0 9 * 1 *');
    expect(describeCron('every day')).toBe('Custom schedule: every day');
  });
});
