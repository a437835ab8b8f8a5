import { parseDuration } from '../config/duration';

// Wall-clock times in a named zone, for `schedule pause --until 06:00`: "06:00" means the next 06:00
// where the user is, across midnight and daylight-saving changes. Pure: `now` is passed in.

const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** How far the zone's wall clock is ahead of UTC at `at`, in ms. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant a wall-clock time of a day has in the zone (a time skipped by DST moves forward). */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month, day, hour, minute);
  const first = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(first, timeZone);
}

/**
 * When a hold given as "HH:MM" (the next such time in `timeZone`), a duration ("3h", "90m", "1d") or
 * an ISO date-time with an offset ends; undefined when the text is none of these, or not in the future.
 */
export function holdUntil(text: string, now: Date, timeZone: string): Date | undefined {
  const clock = HH_MM.exec(text.trim());
  if (clock) {
    const today = new Date(now.getTime() + zoneOffsetMs(now.getTime(), timeZone));
    for (const plusDays of [0, 1]) {
      const at = instantOf(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + plusDays, Number(clock[1]), Number(clock[2]), timeZone);
      if (at > now.getTime()) return new Date(at);
    }
    return undefined;
  }
  const ms = parseDuration(text.trim());
  if (ms !== undefined && /[a-z]$/.test(text.trim())) return ms > 0 ? new Date(now.getTime() + ms) : undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim())) {
    const at = new Date(text.trim());
    return at.getTime() > now.getTime() ? at : undefined;
  }
  return undefined;
}

export const HOLD_FORMS = '"06:00" (the next 06:00 here), a duration like "3h" or "2d", or an ISO date-time with an offset';
