import type { WorkflowHandle } from '@temporalio/client';
import { eventually } from './eventually';

// Where a switch is, read from Temporal itself (never guessed from sleeps): the run's history events
// (activities scheduled, timers started and fired) and its pending activities (state, attempt and
// heartbeat details, which is how a started Proxmox task's UPID shows).

type Description = Awaited<ReturnType<WorkflowHandle['describe']>>;
type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];
type PendingActivity = NonNullable<Description['raw']['pendingActivities']>[number];

/** One look at a run: its status, history events and pending activities. */
export interface RunView {
  readonly status: string;
  readonly events: readonly HistoryEvent[];
  readonly pending: readonly PendingActivity[];
}

/** A named moment of a switch, as a test on a {@link RunView}. */
export interface KillPoint {
  readonly label: string;
  readonly test: (view: RunView) => boolean;
}

// temporal.api.enums.v1.PendingActivityState
const STARTED = 2;

export async function viewRun(handle: WorkflowHandle): Promise<RunView> {
  const [description, history] = await Promise.all([handle.describe(), handle.fetchHistory()]);
  return { status: description.status.name, events: history.events ?? [], pending: description.raw.pendingActivities ?? [] };
}

/**
 * An activity of this type is running on a worker. With `issuedTask`, it has also heartbeated details
 * (the UPID of the Proxmox task it issued), so the side effect has happened.
 */
export function activityRunning(type: string, o: { issuedTask?: boolean } = {}): KillPoint {
  return {
    label: `${type} running${o.issuedTask ? ' with its Proxmox task issued' : ''}`,
    test: (v) =>
      v.pending.some((p) => p.activityType?.name === type && p.state === STARTED && (!o.issuedTask || (p.heartbeatDetails?.payloads?.length ?? 0) > 0)),
  };
}

export const timerStarted: KillPoint = { label: 'a timer started', test: (v) => v.events.some((e) => e.timerStartedEventAttributes) };
export const timerFired: KillPoint = { label: 'a timer fired', test: (v) => v.events.some((e) => e.timerFiredEventAttributes) };

export const both = (a: KillPoint, b: KillPoint): KillPoint => ({ label: `${a.label} and ${b.label}`, test: (v) => a.test(v) && b.test(v) });

/** Activity types scheduled in the run's history, in order (repeats are retries of a new schedule, not attempts). */
export function scheduledActivities(view: RunView): string[] {
  return view.events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name ?? '?'] : []));
}

/** The highest attempt of an activity of `type` the history records (a retried activity's start event carries it). */
export function activityAttempts(view: RunView, type: string): number {
  const scheduled = new Set(view.events.flatMap((e) => (e.activityTaskScheduledEventAttributes?.activityType?.name === type ? [String(e.eventId)] : [])));
  return Math.max(
    0,
    ...view.events.flatMap((e) =>
      e.activityTaskStartedEventAttributes && scheduled.has(String(e.activityTaskStartedEventAttributes.scheduledEventId))
        ? [e.activityTaskStartedEventAttributes.attempt ?? 1]
        : [],
    ),
  );
}

/** Polls the run until `point` holds; fails if the run closes first or the point never comes. */
export function waitForPoint(handle: WorkflowHandle, point: KillPoint, timeoutMs = 60_000): Promise<RunView> {
  let view: RunView | undefined;
  return eventually(
    async () => {
      view = await viewRun(handle);
      if (point.test(view)) return view;
      if (view.status !== 'RUNNING') throw new Error(`the switch ended (${view.status}) before "${point.label}"`);
      return undefined;
    },
    { timeoutMs, everyMs: 40, what: () => `"${point.label}"; pending: ${view?.pending.map((p) => p.activityType?.name).join(', ') || 'none'}` },
  );
}
