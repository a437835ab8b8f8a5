import type { ScheduleOptions, ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { ScheduleConfig } from '../config/schedules-schema';
import { SCHEDULED_WORKFLOW_TYPE, type ScheduledSwitchInput } from '../contract/scheduled';
import { HOST_ATTRIBUTE, REQUESTED_BY_ATTRIBUTE, TO_MODE_ATTRIBUTE } from '../contract/search-attributes';
import { describeWhen } from './describe-schedule';

// How a Morpheus schedule becomes a Temporal Schedule, and back: pure, so `schedule add`, `schedule
// sync` and its dry run build exactly the same thing, and tests need no server.

/** Who made a schedule: `sync` touches only its own; schedules made with `schedule add` are left alone. */
export type ManagedBy = 'cli' | 'sync';

/**
 * What marks a Temporal Schedule as Morpheus's, in its memo (which never changes after creation).
 * The definition it was made from lives in the action's memo instead, which an update can replace.
 */
export interface ScheduleIdentity {
  readonly node: string;
  readonly name: string;
  readonly managedBy: ManagedBy;
}

export const SCHEDULE_MEMO_KEY = 'morpheus_schedule';
export const DEFINITION_MEMO_KEY = 'morpheus_schedule_def';

// '.' is in neither a node name nor a schedule name, so ids of different hosts never collide.
export const scheduleIdOf = (node: string, name: string): string => `morpheus.${node}.${name}`;

/** The note shown by `temporal schedule list` and the Web UI: what it does, when, and the user's note. */
export function scheduleNote(def: ScheduleConfig): string {
  const what = `${def.action} ${def.action === 'switch' ? 'to ' : ''}${def.mode}, ${describeWhen(def)}`;
  return def.note ? `${def.note} (${what})` : what;
}

/**
 * The Temporal Schedule for one Morpheus schedule. Its action starts the thin scheduled workflow on
 * the host's task queue; the switch itself then runs under the host's own workflow id.
 *
 * Overlap BUFFER_ONE: a fire of the same schedule while its previous fire still runs (waiting for a
 * busy host) runs after it instead of vanishing, and at most one waits. The catch-up window covers
 * Temporal being down; the scheduled workflow itself skips a fire that a downed worker picks up late.
 */
export function scheduleOptions(o: {
  node: string;
  taskQueue: string;
  name: string;
  def: ScheduleConfig;
  managedBy: ManagedBy;
}): ScheduleOptions<ScheduleOptionsStartWorkflowAction<never>> {
  const { node, name, def } = o;
  const input: ScheduledSwitchInput = {
    node,
    schedule: name,
    action: def.action,
    target: def.mode,
    force: def.force,
    maxWaitMs: def.max_wait,
    catchupWindowMs: def.catchup_window,
  };
  const identity: ScheduleIdentity = { node, name, managedBy: o.managedBy };
  return {
    scheduleId: scheduleIdOf(node, name),
    spec: {
      ...(def.cron !== undefined
        ? { cronExpressions: [def.cron] }
        : { intervals: [{ every: def.every!, ...(def.offset !== undefined && { offset: def.offset }) }] }),
      timezone: def.timezone,
    },
    action: {
      type: 'startWorkflow',
      workflowType: SCHEDULED_WORKFLOW_TYPE,
      workflowId: `morpheus-scheduled.${node}.${name}`,
      taskQueue: o.taskQueue,
      args: [input] as never,
      staticSummary: `${node}: scheduled ${def.action} ${def.mode} (${name})`,
      memo: { [DEFINITION_MEMO_KEY]: def },
      typedSearchAttributes: [
        { key: HOST_ATTRIBUTE, value: node },
        { key: TO_MODE_ATTRIBUTE, value: def.mode },
        { key: REQUESTED_BY_ATTRIBUTE, value: `schedule:${name}` },
      ],
    },
    policies: { overlap: 'BUFFER_ONE', catchupWindow: def.catchup_window, pauseOnFailure: false },
    memo: { [SCHEDULE_MEMO_KEY]: identity },
    state: { paused: def.paused, note: scheduleNote(def) },
  };
}

/** Whose schedule it is, from its memo; undefined for a schedule Morpheus did not make. */
export function identityOf(memo: Record<string, unknown> | undefined): ScheduleIdentity | undefined {
  const m = memo?.[SCHEDULE_MEMO_KEY] as Partial<ScheduleIdentity> | undefined;
  if (!m || typeof m.node !== 'string' || typeof m.name !== 'string' || (m.managedBy !== 'cli' && m.managedBy !== 'sync')) return undefined;
  return m as ScheduleIdentity;
}

/** The definition a schedule was last made or updated from, from its action's memo. */
export function definitionOf(actionMemo: Record<string, unknown> | undefined): ScheduleConfig | undefined {
  const def = actionMemo?.[DEFINITION_MEMO_KEY];
  return typeof def === 'object' && def !== null ? (def as ScheduleConfig) : undefined;
}
