import { ApplicationFailure } from '@temporalio/common';
import type { NotifyTarget } from '../config/notify-schema';
import type { Notification, NotifyEvent } from '../contract/notify';
import { deliver, NotificationFailedError } from '../notify/deliver';

export interface NotifySettings {
  readonly targets: readonly NotifyTarget[];
  /** The Web UI page of a run, where it can be known. */
  readonly webUi: (workflowId: string, runId: string) => string | undefined;
  readonly userAgent: string;
}

/** The notification activities: which targets want an event, and one delivery to one target. */
export function notifyActivities(settings: NotifySettings) {
  return {
    async notificationTargets(args: { node: string; event: NotifyEvent }): Promise<{ index: number; label: string }[]> {
      return settings.targets.flatMap((t, index) => (t.events.includes(args.event) ? [{ index, label: `${t.type} #${index + 1}` }] : []));
    },

    async sendNotification(args: { node: string; target: number; notification: Notification }): Promise<void> {
      const target = settings.targets[args.target];
      if (!target) throw ApplicationFailure.nonRetryable(`no notification target #${args.target + 1} in this worker's config`, 'NotificationFailedError');
      const n = args.notification;
      try {
        await deliver(target, n, {
          webUi: settings.webUi(n.workflowId, n.runId),
          delivery: `${n.runId}:${n.event}:${args.target + 1}`,
          env: process.env,
          userAgent: settings.userAgent,
        });
      } catch (err) {
        if (err instanceof NotificationFailedError) throw ApplicationFailure.create({ type: err.name, message: err.message, nonRetryable: !err.retryable });
        throw err;
      }
    },
  };
}
