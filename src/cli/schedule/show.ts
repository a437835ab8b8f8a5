import { firesOf, type Fire, type StoredSchedule } from '../../schedules/schedule-store';
import { findSchedule, type ScheduleDeps } from './deps';

export interface ScheduleShown {
  readonly schedule: StoredSchedule;
  readonly fires: readonly Fire[];
}

/** `schedule show`: one schedule, its next fire times and its last fires with their outcomes. */
export async function scheduleShow(deps: ScheduleDeps, name: string, o: { runs?: number } = {}): Promise<ScheduleShown> {
  const schedule = await findSchedule(deps, name);
  return { schedule, fires: await firesOf(deps.client, schedule.id, o.runs ?? 5) };
}
