import type { StoredSchedule } from '../../schedules/schedule-store';
import { findSchedule, type ScheduleDeps } from './deps';

/** `schedule delete`: removes a schedule; its past fires stay in `mode history`. */
export async function scheduleDelete(deps: ScheduleDeps, name: string): Promise<StoredSchedule & { inConfig: boolean }> {
  const schedule = await findSchedule(deps, name);
  await deps.client.schedule.getHandle(schedule.id).delete();
  return { ...schedule, inConfig: schedule.managedBy === 'sync' && Object.hasOwn(deps.schedules, name) };
}
