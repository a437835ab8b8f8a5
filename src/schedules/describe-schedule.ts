import { formatDuration } from '../config/duration';
import type { ScheduleConfig } from '../config/schedules-schema';
import { describeCron, parseCron } from './cron';

/** When a schedule fires, in words: "Fridays at 19:00 (Europe/Amsterdam)", "every 1h, offset 15m". */
export function describeWhen(def: Pick<ScheduleConfig, 'cron' | 'every' | 'offset' | 'timezone'>): string {
  if (def.cron !== undefined) {
    const parsed = parseCron(def.cron);
    return parsed.ok ? `${describeCron(parsed.cron)} (${def.timezone})` : `cron "${def.cron}" (${def.timezone})`;
  }
  return `every ${formatDuration(def.every ?? 0)}${def.offset ? `, offset ${formatDuration(def.offset)}` : ''}`;
}

/** A fire time in the schedule's own zone: "Fri 2026-12-04 19:00 CET". */
export function formatInZone(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['weekday']} ${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']} ${parts['timeZoneName']}`;
}
