import type { SwitchInput } from './switch';

type Request = Pick<SwitchInput, 'action' | 'target' | 'requestedBy'>;

/** What a run does, in words: `linuxvrstreaming → windowsvrstreaming`, `start nimsforestnogpu`. */
export function transitionText(running: readonly string[], input: Pick<SwitchInput, 'action' | 'target'>): string {
  const from = running.length > 0 ? running.join(', ') : 'none';
  return input.action === 'switch' ? `${from} → ${input.target}` : `${input.action} ${input.target}`;
}

/** A run's static summary for the Web UI list: `pve1: linuxvrstreaming → windowsvrstreaming`, `pve1: start nimsforestnogpu`. */
export const switchSummary = (node: string, running: readonly string[], input: Pick<SwitchInput, 'action' | 'target'>): string =>
  `${node}: ${transitionText(running, input)}`;

/** What another run on the node is doing, for "Another switch is in progress on <node>: …". */
export function runningSwitchText(input: Request | undefined, summary: string | undefined, workflowId: string): string {
  if (input) return `${input.action} to ${input.target}, requested by ${input.requestedBy}`;
  return summary ?? workflowId;
}
