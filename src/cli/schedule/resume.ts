import { UsageError } from '../../errors';
import { cancelHold, listHostSchedules } from '../../schedules/schedule-store';
import { scheduleNote } from '../../schedules/temporal-schedule';
import { findSchedule, type ScheduleDeps } from './deps';

export interface ScheduleResumed {
  readonly node: string;
  readonly resumed: readonly string[];
  /** True when --all also ended a running hold (`pause --until`). */
  readonly holdEnded: boolean;
}

/** `schedule resume <name> | --all`: unpauses, restoring each schedule's own note; --all also ends a hold. */
export async function scheduleResume(deps: ScheduleDeps, name: string | undefined, o: { all?: boolean }): Promise<ScheduleResumed> {
  if ((name === undefined) === !o.all)
    throw new UsageError('name one schedule, or give --all', { hint: 'morpheus schedule resume vr-friday, or morpheus schedule resume --all' });
  const targets = o.all ? await listHostSchedules(deps.client, deps.node) : [await findSchedule(deps, name!)];
  const paused = targets.filter((s) => s.paused);
  for (const s of paused) await deps.client.schedule.getHandle(s.id).unpause(scheduleNote(s.def));
  const holdEnded = o.all ? await cancelHold(deps.client, deps.node) : false;
  return { node: deps.node, resumed: paused.map((s) => s.name), holdEnded };
}
