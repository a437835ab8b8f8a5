import { listHostSchedules, type StoredSchedule } from '../../schedules/schedule-store';
import type { ScheduleDeps } from './deps';

/** `schedule list`: the host's schedules. */
export async function scheduleList(deps: ScheduleDeps): Promise<{ node: string; schedules: StoredSchedule[] }> {
  return { node: deps.node, schedules: await listHostSchedules(deps.client, deps.node) };
}
