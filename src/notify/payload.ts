import type { Notification, NotifyEvent } from '../contract/notify';

// What each kind of target receives, built from a Notification: pure, so tests check the exact bytes.

/** The JSON body of a webhook delivery (documented in docs/configuration.md). */
export function webhookBody(n: Notification, webUi: string | undefined, delivery: string): string {
  return JSON.stringify({
    event: n.event,
    host: n.node,
    action: n.action,
    target: n.target,
    from: n.from,
    requested_by: n.requestedBy,
    message: n.message,
    ip: n.ip ?? null,
    workflow_id: n.workflowId,
    run_id: n.runId,
    web_ui: webUi ?? null,
    at: new Date(n.at).toISOString(),
    delivery,
  });
}

const NTFY_STYLE: Record<NotifyEvent, { readonly priority: number; readonly tags: readonly string[]; readonly verb: string }> = {
  switched: { priority: 3, tags: ['white_check_mark'], verb: 'done' },
  noop: { priority: 2, tags: ['zzz'], verb: 'nothing to do' },
  refused: { priority: 3, tags: ['no_entry'], verb: 'refused' },
  failed: { priority: 5, tags: ['x', 'rotating_light'], verb: 'FAILED' },
  rolled_back: { priority: 4, tags: ['warning', 'leftwards_arrow_with_hook'], verb: 'failed, rolled back' },
  skipped: { priority: 3, tags: ['fast_forward'], verb: 'skipped' },
  cancelled: { priority: 3, tags: ['stop_sign'], verb: 'cancelled' },
};

/** An ntfy push: title, priority and tags by outcome; tapping it opens the run in the Web UI. */
export function ntfyMessage(n: Notification, webUi: string | undefined): { headers: Record<string, string>; body: string } {
  const style = NTFY_STYLE[n.event];
  // Header values must be ASCII; mode and node names are, by the config's rules.
  const title = `Morpheus ${n.node}: ${n.action} ${n.target} ${style.verb}`;
  return {
    headers: {
      Title: title,
      Priority: String(style.priority),
      Tags: style.tags.join(','),
      ...(webUi && { Click: webUi }),
    },
    body: n.message,
  };
}
