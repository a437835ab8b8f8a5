import { CancellationScope, ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Notification } from '../contract/notify';
import { quick } from './activity-options';

// A receiver that is down for a while (a phone's ntfy server rebooting) gets the message when it is
// back: minutes of retries, each attempt short.
const DELIVERY_RETRY = { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 } as const;

/**
 * Sends one outcome to every notification target of the worker's config that subscribed to its event,
 * each on its own retries, so a receiver that fails does not hold back the others. Targets travel as
 * indexes: their URLs (an ntfy topic is a password on open servers) stay out of the history.
 */
export async function notifyWorkflow(notification: Notification): Promise<{ delivered: number; failed: number }> {
  const targets = await proxyActivities<Activities>(quick('Find the notification targets for this event')).notificationTargets({
    node: notification.node,
    event: notification.event,
  });
  const sends = targets.map((t) =>
    proxyActivities<Activities>({ startToCloseTimeout: '30s', retry: DELIVERY_RETRY, summary: `Notify ${t.label}` }).sendNotification({
      node: notification.node,
      target: t.index,
      notification,
    }),
  );
  const settled = await Promise.allSettled(sends);
  return { delivered: settled.filter((s) => s.status === 'fulfilled').length, failed: settled.filter((s) => s.status === 'rejected').length };
}

/**
 * Hands a notification to its own workflow and returns as soon as that has started: the caller (a
 * switch, which holds the host's workflow id) ends without waiting for receivers, and a notification
 * never changes the caller's outcome. Runs even when the caller is being cancelled.
 */
export async function handOffNotification(notification: Notification): Promise<void> {
  try {
    await CancellationScope.nonCancellable(() =>
      startChild(notifyWorkflow, {
        workflowId: `morpheus-notify-${notification.runId}`,
        args: [notification],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `${notification.node}: notify ${notification.event}`,
      }),
    );
  } catch {
    // Started already (a replayed start) or refused by the server: the outcome stands either way.
  }
}
