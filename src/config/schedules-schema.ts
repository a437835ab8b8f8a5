import { z } from 'zod';
import { SCHEDULE_ACTIONS } from '../contract/scheduled';
import { CRON_FORMS, parseCron } from '../schedules/cron';
import { DurationSchema } from './schema-primitives';
import { typeError } from './zod-issues';

export const SCHEDULE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const MINUTE = 60_000;

/** The machine's own zone: "19:00" in a schedule means 19:00 where its author is, unless it names a zone. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** True for an IANA zone name this runtime knows (Temporal's server uses the same database). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const CronSchema = z.string({ error: typeError(`a cron expression (${CRON_FORMS})`) }).superRefine((value, ctx) => {
  const parsed = parseCron(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});

const TimeZoneSchema = z
  .string({ error: typeError('an IANA time zone such as "Europe/Amsterdam" or "UTC"') })
  .refine(isTimeZone, { error: 'expected an IANA time zone such as "Europe/Amsterdam" or "UTC"' });

/**
 * One schedule: when (a cron expression or an interval, in a time zone), what (switch to, start or
 * stop a mode), and how a fire behaves when the host is busy or the fire is late. The same schema
 * checks the config's `schedules:` block and `morpheus schedule add`.
 */
export const ScheduleSchema = z
  .strictObject({
    mode: z.string({ error: typeError('a mode name') }).min(1, { error: 'expected a mode name' }),
    cron: CronSchema.optional(),
    every: DurationSchema.optional(),
    offset: DurationSchema.optional(),
    timezone: TimeZoneSchema.optional(),
    action: z.enum(SCHEDULE_ACTIONS).default('switch'),
    force: z.boolean().default(false),
    note: z.string().default(''),
    paused: z.boolean().default(false),
    /** A fire later than this (Temporal or the worker was down) is skipped, not run late. */
    catchup_window: DurationSchema.default(5 * MINUTE),
    /** How long a fire waits for another switch of the host to end before it is skipped. */
    max_wait: DurationSchema.default(10 * MINUTE),
  })
  .superRefine((s, ctx) => {
    const problem = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if ((s.cron === undefined) === (s.every === undefined)) problem(s.cron === undefined ? 'cron' : 'every', 'give exactly one of cron or every');
    if (s.offset !== undefined && s.every === undefined) problem('offset', 'only used with every');
    if (s.every !== undefined && s.every < MINUTE) problem('every', 'expected at least 1m: a mode switch takes longer than that');
    if (s.every !== undefined && s.offset !== undefined && s.offset >= s.every) problem('offset', 'expected less than every');
    if (s.catchup_window < 10_000 || s.catchup_window > 7 * 24 * 60 * MINUTE) problem('catchup_window', 'expected a duration from 10s to 7d');
    if (s.max_wait > 24 * 60 * MINUTE) problem('max_wait', 'expected a duration from 0s to 24h');
  })
  .transform((s) => ({ ...s, timezone: s.timezone ?? localTimeZone() }));

export const SchedulesSchema = z.record(
  z.string().regex(SCHEDULE_NAME, {
    error: "invalid schedule name; expected lowercase letters, digits, '_' or '-', starting with a letter or digit, at most 63 characters",
  }),
  ScheduleSchema,
  { error: typeError('a mapping of schedule names to schedules') },
);

export type ScheduleConfig = z.output<typeof ScheduleSchema>;
export type ScheduleInput = z.input<typeof ScheduleSchema>;
export type ScheduleAction = (typeof SCHEDULE_ACTIONS)[number];
