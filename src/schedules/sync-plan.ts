import type { ScheduleConfig } from '../config/schedules-schema';
import type { ScheduleIdentity } from './temporal-schedule';

/** One field that differs between a schedule in Temporal and its definition in the config. */
export interface FieldChange {
  readonly key: keyof ScheduleConfig;
  readonly from: unknown;
  readonly to: unknown;
}

export type SyncChange =
  | { readonly kind: 'create'; readonly name: string; readonly def: ScheduleConfig }
  | { readonly kind: 'update'; readonly name: string; readonly def: ScheduleConfig; readonly fields: readonly FieldChange[] }
  | { readonly kind: 'delete'; readonly name: string; readonly def: ScheduleConfig };

export interface SyncPlan {
  readonly changes: readonly SyncChange[];
  readonly unchanged: readonly string[];
  /** Config entries whose name a CLI-made schedule already has: sync never takes those over. */
  readonly conflicts: readonly string[];
}

// `paused` only applies when sync creates a schedule: a hold or a `schedule pause` is not undone by the next sync.
const COMPARED: readonly (keyof ScheduleConfig)[] = ['mode', 'action', 'cron', 'every', 'offset', 'timezone', 'force', 'note', 'catchup_window', 'max_wait'];

/**
 * What `schedule sync` does to make the host's schedules match the config's `schedules:` block:
 * create what is missing, update what differs, delete what sync made and the config no longer has.
 * Schedules made with `schedule add` are never touched. Pure: the same plan drives --dry-run.
 */
export function planSync(
  desired: Readonly<Record<string, ScheduleConfig>>,
  existing: readonly (ScheduleIdentity & { readonly def: ScheduleConfig })[],
): SyncPlan {
  const byName = new Map(existing.map((s) => [s.name, s]));
  const changes: SyncChange[] = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  for (const [name, def] of Object.entries(desired)) {
    const current = byName.get(name);
    if (!current) changes.push({ kind: 'create', name, def });
    else if (current.managedBy !== 'sync') conflicts.push(name);
    else {
      const fields = COMPARED.filter((key) => !sameValue(current.def[key], def[key])).map((key) => ({ key, from: current.def[key], to: def[key] }));
      if (fields.length > 0) changes.push({ kind: 'update', name, def, fields });
      else unchanged.push(name);
    }
  }
  for (const s of existing) {
    if (s.managedBy === 'sync' && !Object.hasOwn(desired, s.name)) changes.push({ kind: 'delete', name: s.name, def: s.def });
  }
  return { changes, unchanged, conflicts };
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
