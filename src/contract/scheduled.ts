import type { Action } from '../modes/types';

// The contract between a Temporal Schedule (made by `morpheus schedule add|sync`) and the workflow it
// starts, and between `schedule pause --until` and the workflow that ends the hold.

/** What a fire of a schedule does to its mode. */
export const SCHEDULE_ACTIONS = ['switch', 'start', 'stop'] as const;

/** What a schedule's action starts: a thin workflow that runs the switch under the host's own id. */
export const SCHEDULED_WORKFLOW_TYPE = 'scheduledSwitchWorkflow';
/** Resumes a host's held schedules at the hold's end. */
export const HOLD_WORKFLOW_TYPE = 'scheduleHoldWorkflow';

/** The one hold of a host: a new `pause --until` replaces it, `resume` ends it. */
export const holdWorkflowId = (node: string): string => `morpheus-hold-${node}`;

export interface ScheduledSwitchInput {
  readonly node: string;
  /** The schedule's name (not its Temporal id). */
  readonly schedule: string;
  readonly action: Action;
  readonly target: string;
  readonly force: boolean;
  /** How long to wait for another switch of the host to end before the fire is skipped. */
  readonly maxWaitMs: number;
  /** A fire that reaches a worker later than this after its start is skipped, not run late. */
  readonly catchupWindowMs: number;
}

/** Every way a run of the host can end, as `mode history` and `schedule show` report it. */
export type RunOutcome = 'switched' | 'started' | 'stopped' | 'noop' | 'refused' | 'failed' | 'cancelled' | 'skipped';

export interface ScheduledSwitchResult {
  readonly outcome: RunOutcome;
  /** Why, for a skipped, refused, failed or cancelled fire. */
  readonly reason?: string;
  /** The switch run this fire ran or, when `attached`, found running with the same target. */
  readonly switchRun?: { readonly workflowId: string; readonly runId: string };
  readonly attached: boolean;
}

/** A switch of the host that is running, as the scheduled workflow sees it when the host is busy. */
export interface RunningSwitch {
  readonly workflowId: string;
  readonly runId: string;
  /** Undefined when the run's progress query did not answer (it has not started its first task). */
  readonly action?: Action;
  readonly target?: string;
  readonly requestedBy?: string;
}

/** How a switch run ended, from its close. */
export interface SwitchEnd {
  readonly closed: boolean;
  readonly outcome?: RunOutcome;
  readonly reason?: string;
}

export interface HoldInput {
  readonly node: string;
  /** When the hold ends, epoch ms. */
  readonly until: number;
  /** The schedules it paused (Temporal ids); each is resumed only if the hold's note is still on it. */
  readonly scheduleIds: readonly string[];
  /** The note the hold put on the paused schedules. */
  readonly note: string;
}
