import type { SwitchInput } from './switch';

type Request = Pick<SwitchInput, 'action' | 'target' | 'requestedBy'>;

/** A run's static summary for the Web UI list: `pve1: linuxvrstreaming → windowsvrstreaming`, `pve1: start nimsforestnogpu`. */
export function switchSummary(node: string, running: readonly string[], input: Pick<SwitchInput, 'action' | 'target'>): string {
  const from = running.length > 0 ? running.join(', ') : 'none';
  return input.action === 'switch' ? `${node}: ${from} → ${input.target}` : `${node}: ${input.action} ${input.target}`;
}

/** What another run on the node is doing, for "Another switch is in progress on <node>: …". */
export function runningSwitchText(input: Request | undefined, summary: string | undefined, workflowId: string): string {
  if (input) return `${input.action} to ${input.target}, requested by ${input.requestedBy}`;
  return summary ?? workflowId;
}
