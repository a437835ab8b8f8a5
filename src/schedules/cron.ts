// Five-field cron expressions (minute hour day-of-month month day-of-week), checked before they reach
// Temporal so a typo is a one-line error naming the field, and described in words for `schedule show`.

export interface Cron {
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  /** undefined means every value ('*'). */
  readonly dayOfMonth: readonly number[] | undefined;
  readonly month: readonly number[] | undefined;
  /** 0 = Sunday … 6 = Saturday (7 is read as Sunday). */
  readonly dayOfWeek: readonly number[] | undefined;
}

export type CronParse = { readonly ok: true; readonly cron: Cron } | { readonly ok: false; readonly error: string };

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names accepted for values, index 0 meaning `min`. */
  readonly names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

export const CRON_FORMS = 'five fields "minute hour day-of-month month day-of-week" (e.g. "0 19 * * FRI"), or @daily, @weekly, @monthly, @yearly, @hourly';

/** Parses a cron expression; the error names the field that is wrong. */
export function parseCron(expression: string): CronParse {
  const text = MACROS[expression.trim().toLowerCase()] ?? expression.trim();
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length !== FIELDS.length) return { ok: false, error: `expected ${CRON_FORMS}; got ${parts.length} field${parts.length === 1 ? '' : 's'}` };
  const values: (number[] | undefined)[] = [];
  for (const [i, field] of FIELDS.entries()) {
    const parsed = parseField(parts[i]!, field);
    if (typeof parsed === 'string') return { ok: false, error: `${field.name} ${JSON.stringify(parts[i])}: ${parsed}` };
    values.push(parsed);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = values;
  const sundayOnce = dayOfWeek && [...new Set(dayOfWeek.map((d) => d % 7))].sort((a, b) => a - b);
  return {
    ok: true,
    cron: { minute: minute ?? range(0, 59), hour: hour ?? range(0, 23), dayOfMonth, month, dayOfWeek: sundayOnce },
  };
}

/** The values a field allows, undefined for '*', or what is wrong with it. */
function parseField(text: string, field: Field): number[] | undefined | string {
  if (text === '*' || text === '?') return undefined;
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [span, stepText, extra] = item.split('/');
    if (extra !== undefined) return 'more than one "/"';
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || stepText === '') return `step "${stepText}" must be a whole number of at least 1`;
    let from: number;
    let to: number;
    if (span === '*') {
      [from, to] = [field.min, field.max];
    } else {
      const [a, b, more] = span!.split('-');
      if (more !== undefined) return `"${span}" is not a value or a range a-b`;
      const first = value(a!, field);
      if (typeof first === 'string') return first;
      const last = b === undefined ? (stepText === undefined ? first : field.max) : value(b, field);
      if (typeof last === 'string') return last;
      if (last < first) return `range ${span} runs backwards`;
      [from, to] = [first, last];
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((x, y) => x - y);
}

function value(text: string, field: Field): number | string {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < field.min || n > field.max) {
    return `"${text}" is not ${field.names ? `${field.names[0]}…${field.names[field.names.length - 1]} or ` : ''}a number from ${field.min} to ${field.max}`;
  }
  return n;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Fridays at 19:00", "every day at 06:00 and 18:00", "weekdays at 07:30", "every hour at :15". */
export function describeCron(cron: Cron): string {
  const days = describeDays(cron);
  const months = cron.month ? ` in ${list(cron.month.map((m) => MONTH_NAMES[m - 1]!))}` : '';
  return `${days}${months} ${describeTimes(cron)}`;
}

function describeDays({ dayOfMonth, dayOfWeek }: Cron): string {
  const weekdays = dayOfWeek && describeWeekdays(dayOfWeek);
  const monthDays = dayOfMonth && `on day${dayOfMonth.length > 1 ? 's' : ''} ${list(dayOfMonth.map(String))} of the month`;
  // Cron fires when either day field matches once both are restricted.
  if (weekdays && monthDays) return `${monthDays} and ${weekdays}`;
  return weekdays ?? monthDays ?? 'every day';
}

function describeWeekdays(days: readonly number[]): string {
  const key = days.join(',');
  if (key === '1,2,3,4,5') return 'weekdays';
  if (key === '0,6') return 'weekends';
  if (days.length === 7) return 'every day';
  return list(days.map((d) => `${DAY_NAMES[d]}s`));
}

function describeTimes({ minute, hour }: Cron): string {
  if (hour.length === 24 && minute.length === 1) return `every hour at :${pad(minute[0]!)}`;
  if (hour.length === 24 && minute.length === 60) return 'every minute';
  if (hour.length * minute.length <= 6) return `at ${list(hour.flatMap((h) => minute.map((m) => `${pad(h)}:${pad(m)}`)))}`;
  return `at minute${minute.length > 1 ? 's' : ''} ${list(minute.map(String))} of hour${hour.length > 1 ? 's' : ''} ${list(hour.map(String))}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
