import type { StoredSchedule } from '../../schedules/schedule-store';
import { findSchedule, type ScheduleDeps } from './deps';

/** `schedule trigger`: fires a schedule now; the fire goes through the host's switch like any other. */
export async function scheduleTrigger(deps: ScheduleDeps, name: string): Promise<StoredSchedule> {
  const schedule = await findSchedule(deps, name);
  // ALLOW_ALL: a trigger is a request of its own, even while a previous fire still waits for the host.
  await deps.client.schedule.getHandle(schedule.id).trigger('ALLOW_ALL');
  return schedule;
}
