import { UsageError } from '../../errors';
import { listHostSchedules, type StoredSchedule } from '../../schedules/schedule-store';
import { planSync, type SyncPlan } from '../../schedules/sync-plan';
import { scheduleIdOf, scheduleNote, scheduleOptions } from '../../schedules/temporal-schedule';
import type { ScheduleDeps } from './deps';

export interface ScheduleSynced {
  readonly node: string;
  readonly plan: SyncPlan;
  readonly applied: boolean;
}

/**
 * `schedule sync`: makes the host's schedules match the config's `schedules:` block (create, update,
 * delete; only schedules sync made). The diff comes first; `--dry-run` stops there. A config entry
 * named like a schedule made with `schedule add` stops the sync before anything changes.
 */
export async function scheduleSync(deps: ScheduleDeps, o: { dryRun?: boolean }): Promise<ScheduleSynced> {
  const existing = await listHostSchedules(deps.client, deps.node);
  const plan = planSync(deps.schedules, existing);
  if (plan.conflicts.length > 0) {
    throw new UsageError(
      `the config's schedules ${plan.conflicts.map((n) => `"${n}"`).join(', ')} have the names of schedules made with \`schedule add\`; nothing was changed`,
      {
        hint: 'rename them in the config, or delete the CLI-made ones (morpheus schedule delete <name>) so sync can manage them',
      },
    );
  }
  if (o.dryRun) return { node: deps.node, plan, applied: false };
  const byName = new Map(existing.map((s) => [s.name, s]));
  for (const change of plan.changes) {
    const options = scheduleOptions({ node: deps.node, taskQueue: deps.taskQueue, name: change.name, def: change.def, managedBy: 'sync' });
    if (change.kind === 'create') await deps.client.schedule.create(options);
    else if (change.kind === 'delete') await deps.client.schedule.getHandle(scheduleIdOf(deps.node, change.name)).delete();
    else await update(deps, byName.get(change.name)!, options, scheduleNote(change.def));
  }
  return { node: deps.node, plan, applied: true };
}

/** Replaces what a schedule does and when; a pause (or a hold) stays as it is. */
async function update(deps: ScheduleDeps, current: StoredSchedule, options: ReturnType<typeof scheduleOptions>, note: string): Promise<void> {
  const { spec, action, policies } = options;
  await deps.client.schedule.getHandle(current.id).update((previous) => ({
    ...previous,
    spec,
    action,
    policies: { ...previous.policies, ...policies },
    state: { ...previous.state, note: current.paused ? current.note : note },
  }));
}
