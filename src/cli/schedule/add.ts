import { ScheduleAlreadyRunning } from '@temporalio/client';
import { ScheduleSchema, SCHEDULE_NAME, type ScheduleInput } from '../../config/schedules-schema';
import { UsageError } from '../../errors';
import { describeSchedule, type StoredSchedule } from '../../schedules/schedule-store';
import { scheduleIdOf, scheduleOptions } from '../../schedules/temporal-schedule';
import { modeArgument } from '../mode-argument';
import type { ScheduleDeps } from './deps';

export interface ScheduleAddOptions {
  readonly mode: string;
  readonly cron?: string;
  readonly every?: string;
  readonly offset?: string;
  readonly timezone?: string;
  readonly action?: string;
  readonly force?: boolean;
  readonly note?: string;
  readonly catchupWindow?: string;
  readonly maxWait?: string;
  readonly paused?: boolean;
}

// The flag that sets each key of the schedule schema, so an error names what the user typed.
const FLAG: Readonly<Record<string, string>> = {
  mode: '--mode',
  cron: '--cron',
  every: '--every',
  offset: '--offset',
  timezone: '--timezone',
  action: '--action',
  note: '--note',
  catchup_window: '--catchup-window',
  max_wait: '--max-wait',
};

/** `schedule add`: checks the definition with the config's own schema, then creates the Temporal Schedule. */
export async function scheduleAdd(deps: ScheduleDeps, name: string, o: ScheduleAddOptions): Promise<StoredSchedule> {
  if (!SCHEDULE_NAME.test(name))
    throw new UsageError(`invalid schedule name "${name}"`, { hint: "use lowercase letters, digits, '_' or '-', starting with a letter or digit" });
  const input: ScheduleInput = {
    mode: o.mode,
    ...(o.cron !== undefined && { cron: o.cron }),
    ...(o.every !== undefined && { every: o.every }),
    ...(o.offset !== undefined && { offset: o.offset }),
    ...(o.timezone !== undefined && { timezone: o.timezone }),
    ...(o.action !== undefined && { action: o.action as ScheduleInput['action'] }),
    ...(o.note !== undefined && { note: o.note }),
    ...(o.catchupWindow !== undefined && { catchup_window: o.catchupWindow }),
    ...(o.maxWait !== undefined && { max_wait: o.maxWait }),
    force: Boolean(o.force),
    paused: Boolean(o.paused),
  };
  const parsed = ScheduleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new UsageError(`${FLAG[key] ?? 'schedule'}: ${issue.message}`, { hint: 'morpheus schedule add --help shows the forms, with examples' });
  }
  // The schedule stores the mode's own name: a fire never depends on an alias staying in the config.
  const def = { ...parsed.data, mode: modeArgument(deps.modes, parsed.data.mode).name };
  try {
    await deps.client.schedule.create(scheduleOptions({ node: deps.node, taskQueue: deps.taskQueue, name, def, managedBy: 'cli' }));
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) {
      throw new UsageError(`schedule "${name}" already exists on host ${deps.node}`, {
        hint: `see it with \`morpheus schedule show ${name}\`; to replace it, \`morpheus schedule delete ${name}\` first`,
      });
    }
    throw err;
  }
  const created = await describeSchedule(deps.client, scheduleIdOf(deps.node, name));
  if (!created) throw new Error(`schedule ${name} was created but cannot be read back`);
  return created;
}
