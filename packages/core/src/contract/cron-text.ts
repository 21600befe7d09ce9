/**
 * A cron expression in words, for the schedule form's preview: the common shapes (every N
 * minutes, hourly, daily, weekdays, a day of the month) are named; anything else is shown as
 * written. Five fields (minute hour day month weekday), or six with seconds first.
 */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const MACROS: Record<string, string> = {
  '@hourly': 'Every hour, on the hour',
  '@daily': 'Every day at 00:00',
  '@midnight': 'Every day at 00:00',
  '@weekly': 'Every Sunday at 00:00',
  '@monthly': 'On day 1 of every month at 00:00',
  '@yearly': 'Every 1 January at 00:00',
  '@annually': 'Every 1 January at 00:00',
};

const isNumber = (field: string) => /^\d+$/.test(field);
const pad = (value: string) => value.padStart(2, '0');

function days(field: string): string | undefined {
  if (field === '*') return 'every day';
  if (field === '1-5') return 'every weekday (Monday to Friday)';
  if (field === '0,6' || field === '6,0') return 'every Saturday and Sunday';
  const names = field.split(',').map((day) => (isNumber(day) ? DAYS[Number(day) % 7] : undefined));
  if (names.some((name) => name === undefined)) return undefined;
  return `every ${names.join(', ')}`;
}

export function describeCron(cron: string): string {
  const trimmed = cron.trim();
  if (trimmed.startsWith('@')) return MACROS[trimmed] ?? `Custom schedule: ${trimmed}`;
  const fields = trimmed.split(/\s+/);
  if (fields.length === 6) fields.shift();
  if (fields.length !== 5) return `Custom schedule: ${trimmed}`;
  const [minute, hour, dayOfMonth, month, weekday] = fields as [
    string,
    string,
    string,
    string,
    string,
  ];
  const custom = `Custom schedule: ${trimmed}`;
  if (month !== '*') return custom;
  const step = /^\*\/(\d+)$/;
  if (hour === '*' && dayOfMonth === '*' && weekday === '*') {
    const every = step.exec(minute)?.[1];
    if (every) return `Every ${every} minutes`;
    if (isNumber(minute)) return `Every hour at minute ${minute}`;
    return custom;
  }
  if (!isNumber(minute)) return custom;
  const everyHours = step.exec(hour)?.[1];
  if (everyHours && dayOfMonth === '*' && weekday === '*') {
    return `Every ${everyHours} hours at minute ${minute}`;
  }
  if (!isNumber(hour)) return custom;
  const at = `at ${pad(hour)}:${pad(minute)}`;
  if (dayOfMonth !== '*') {
    return isNumber(dayOfMonth) && weekday === '*'
      ? `On day ${dayOfMonth} of every month ${at}`
      : custom;
  }
  const when = days(weekday);
  return when ? `${when.charAt(0).toUpperCase()}${when.slice(1)} ${at}` : custom;
}
