import type { Action } from '../modes/types';

// What a notification says, from the workflow that knows the outcome to the activity that sends it.
// Plain data with no imports of I/O, so workflows, activities and the config schema can all use it.

/** The outcomes a notification target can subscribe to. */
export const NOTIFY_EVENTS = ['switched', 'noop', 'refused', 'failed', 'rolled_back', 'skipped', 'cancelled'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export interface Notification {
  readonly event: NotifyEvent;
  readonly node: string;
  readonly action: Action;
  readonly target: string;
  /** The managed modes running before the switch, as it observed them. */
  readonly from: readonly string[];
  readonly requestedBy: string;
  /** One line a person reads on a phone: "pve: linuxvrstreaming → windowsvrstreaming switched in 8.4s". */
  readonly message: string;
  /** The run the notification is about (a switch, or a scheduled fire that was skipped). */
  readonly workflowId: string;
  readonly runId: string;
  /** When the outcome was known (workflow time, epoch ms). */
  readonly at: number;
  readonly ip?: string | undefined;
}
