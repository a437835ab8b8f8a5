import { didYouMean } from '../config/suggest';
import { runningSwitchText } from '../contract/switch-summary';
import { refusalSummary } from '../modes/describe';
import { acceptedModeNames, resolveMode, type NamedMode } from '../modes/resolve-mode';
import type { Plan } from '../modes/types';
import type { SwitchInput } from '../contract/switch';
import type { RequestReply } from './host-state';

// Pure: what the bridge answers Home Assistant, shown by the "Last request" sensor. The shell
// (requests.ts) stamps the time.

export type Reply = Omit<RequestReply, 'at'>;
type Request = Pick<SwitchInput, 'action' | 'target' | 'requestedBy'>;

/** The mode a select command names (its name or an alias), or why it names none. */
export function modeOfCommand(payload: string, named: readonly NamedMode[]): { mode: string } | { reply: Reply } {
  const mode = payload.trim();
  const found = resolveMode(named, mode);
  if (found) return { mode: found.name };
  const modes = named.map((m) => m.name);
  const guess = didYouMean(mode, acceptedModeNames(named));
  const shown = mode.length > 64 ? `${mode.slice(0, 64)}…` : mode;
  return { reply: { outcome: 'unknown-mode', text: `unknown mode "${shown}"${guess ? `; did you mean "${guess}"?` : ''} (known modes: ${modes.join(', ')})` } };
}

/**
 * A switch of the host is running: the same request follows it, any other is told the host is busy
 * (one transition at a time, whoever asks).
 */
export function whileRunning(target: string, running: { request: Request | undefined; summary: string | undefined; workflowId: string; step: string }): Reply {
  if (running.request?.action === 'switch' && running.request.target === target) {
    return { outcome: 'attached', text: `already switching to ${target} (${running.step}); following it` };
  }
  const what = runningSwitchText(running.request, running.summary, running.workflowId);
  return { outcome: 'busy', text: `busy: another switch is in progress (${what}; ${running.step}); choose again when it ends, or press Cancel switch` };
}

export function refusedReply(p: Extract<Plan, { kind: 'refused' }>): Reply {
  return { outcome: 'refused', text: `refused: ${refusalSummary(p)}` };
}

export function startedReply(p: Exclude<Plan, { kind: 'refused' }>, target: string): Reply {
  return { outcome: 'started', text: p.kind === 'noop' ? `${target}: nothing to do (${p.reason})` : `switching to ${target}` };
}

export function noWorkerReply(node: string, taskQueue: string): Reply {
  return { outcome: 'no-worker', text: `no Morpheus worker is running for host ${node} (task queue "${taskQueue}"); start one with \`morpheus worker\`` };
}

export function cancelReply(cancelled: { summary: string | undefined; workflowId: string } | undefined): Reply {
  if (!cancelled) return { outcome: 'nothing-to-cancel', text: 'no switch is running; nothing to cancel' };
  return { outcome: 'cancel-requested', text: `cancelling ${cancelled.summary ?? cancelled.workflowId}: the step under way completes, nothing further starts` };
}

export function errorReply(err: unknown): Reply {
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  return { outcome: 'error', text: `error: ${message}` };
}
