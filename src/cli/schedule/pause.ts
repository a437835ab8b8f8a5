import { UsageError } from '../../errors';
import { describeWhen, formatInZone } from '../../schedules/describe-schedule';
import { listHostSchedules, startHold } from '../../schedules/schedule-store';
import { HOLD_FORMS, holdUntil } from '../../schedules/wall-clock';
import { findSchedule, type ScheduleDeps } from './deps';

export interface SchedulePauseOptions {
  readonly all?: boolean;
  readonly note?: string;
  /** "06:00", "3h", or an ISO date-time: the hold ends then and the schedules resume on their own. */
  readonly until?: string;
}

export interface SchedulePaused {
  readonly node: string;
  readonly paused: readonly string[];
  readonly note: string;
  readonly until: Date | undefined;
}

/**
 * `schedule pause <name> | --all`: pauses schedules with a note saying who and why. With `--until`
 * it is a hold ("not tonight"): a durable workflow resumes them when it ends.
 */
export async function schedulePause(deps: ScheduleDeps, name: string | undefined, o: SchedulePauseOptions): Promise<SchedulePaused> {
  if ((name === undefined) === !o.all)
    throw new UsageError('name one schedule, or give --all', { hint: 'morpheus schedule pause vr-friday, or morpheus schedule pause --all --until 06:00' });
  const until = o.until === undefined ? undefined : holdUntil(o.until, deps.now(), deps.timeZone);
  if (o.until !== undefined && !until) throw new UsageError(`--until "${o.until}": expected ${HOLD_FORMS}, in the future`);
  const targets = o.all ? await listHostSchedules(deps.client, deps.node) : [await findSchedule(deps, name!)];
  const note = `paused by ${deps.requester}${until ? ` until ${formatInZone(until, deps.timeZone)}` : ''}${o.note ? `: ${o.note}` : ''}`;
  for (const s of targets) await deps.client.schedule.getHandle(s.id).pause(note);
  if (until && targets.length > 0)
    await startHold(deps.client, deps.taskQueue, { node: deps.node, until: until.getTime(), scheduleIds: targets.map((s) => s.id), note });
  return { node: deps.node, paused: targets.map((s) => `${s.name} (${describeWhen(s.def)})`), note, until };
}
