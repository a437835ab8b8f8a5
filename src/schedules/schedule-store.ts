import type { Client, ScheduleDescription, WorkflowExecutionInfo } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { ScheduleConfig } from '../config/schedules-schema';
import { HOLD_WORKFLOW_TYPE, holdWorkflowId, type HoldInput, type RunOutcome } from '../contract/scheduled';
import { RUN_MEMO_KEY, type RunMemo } from '../contract/switch';
import { OUTCOME_ATTRIBUTE } from '../contract/search-attributes';
import { definitionOf, identityOf, scheduleNote, type ScheduleIdentity } from './temporal-schedule';

// Temporal Schedules are the only store of Morpheus schedules: this module reads and changes them for
// the CLI and for the worker's hold activity. No decisions here; those are in sync-plan and the workflows.

/** A Morpheus schedule as Temporal holds it. */
export interface StoredSchedule extends ScheduleIdentity {
  readonly id: string;
  readonly def: ScheduleConfig;
  readonly paused: boolean;
  readonly note: string | undefined;
  readonly nextFires: readonly Date[];
  readonly description: ScheduleDescription;
}

/** One fire of a schedule: the scheduled workflow it started and how that ended. */
export interface Fire {
  readonly workflowId: string;
  readonly runId: string;
  readonly startedAt: Date;
  readonly closedAt: Date | undefined;
  /** The run's status: running, completed, or how it ended without an outcome (terminated). */
  readonly status: string;
  readonly outcome: RunOutcome | undefined;
  readonly reason: string | undefined;
}

/** The host's Morpheus schedules, in name order; other schedules in the namespace are left out. */
export async function listHostSchedules(client: Client, node: string): Promise<StoredSchedule[]> {
  const ids: string[] = [];
  for await (const s of client.schedule.list()) {
    if (identityOf(s.memo)?.node === node) ids.push(s.scheduleId);
  }
  // The list holds no definitions (they are in each action's memo): describe each, in parallel.
  const found = await Promise.all(ids.map((id) => describeSchedule(client, id)));
  return found.filter((s): s is StoredSchedule => s !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

/** One schedule in full, or undefined when there is none by that id (or it is not Morpheus's). */
export async function describeSchedule(client: Client, id: string): Promise<StoredSchedule | undefined> {
  const { ScheduleNotFoundError } = require('@temporalio/client') as typeof import('@temporalio/client');
  let description: ScheduleDescription;
  try {
    description = await client.schedule.getHandle(id).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
  const identity = identityOf(description.memo);
  const def = definitionOf(description.action.memo);
  if (!identity || !def) return undefined;
  return { ...identity, id, def, paused: description.state.paused, note: description.state.note, nextFires: description.info.nextActionTimes, description };
}

/** The latest fires of a schedule, newest first, from Temporal's visibility. */
export async function firesOf(client: Client, id: string, limit: number): Promise<Fire[]> {
  const fires: Fire[] = [];
  for await (const run of client.workflow.list({ query: `TemporalScheduledById = '${id}'`, pageSize: limit })) {
    fires.push(fireOf(run));
    if (fires.length >= limit) break;
  }
  return fires;
}

function fireOf(run: WorkflowExecutionInfo): Fire {
  const memo = run.memo?.[RUN_MEMO_KEY] as RunMemo | undefined;
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    startedAt: run.startTime,
    closedAt: run.closeTime,
    status: run.status.name,
    outcome: run.typedSearchAttributes.get(OUTCOME_ATTRIBUTE) as RunOutcome | undefined,
    reason: memo?.reason,
  };
}

/** Starts the host's hold (replacing an earlier one): a durable timer that resumes the paused schedules. */
export async function startHold(client: Client, taskQueue: string, hold: HoldInput): Promise<void> {
  await client.workflow.start(HOLD_WORKFLOW_TYPE, {
    workflowId: holdWorkflowId(hold.node),
    taskQueue,
    args: [hold],
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    staticSummary: `${hold.node}: schedules held until ${new Date(hold.until).toISOString()}`,
  });
}

/** Ends the host's hold early, if one runs. */
export async function cancelHold(client: Client, node: string): Promise<boolean> {
  const handle = client.workflow.getHandle(holdWorkflowId(node));
  try {
    if ((await handle.describe()).status.name !== 'RUNNING') return false;
    await handle.cancel();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** Resumes the schedules a hold paused, unless someone paused or changed them since (their note differs). */
export async function resumeHeld(client: Client, hold: HoldInput): Promise<string[]> {
  const resumed: string[] = [];
  for (const id of hold.scheduleIds) {
    const found = await describeSchedule(client, id);
    if (!found?.paused || found.note !== hold.note) continue;
    await client.schedule.getHandle(id).unpause(scheduleNote(found.def));
    resumed.push(found.name);
  }
  return resumed;
}
