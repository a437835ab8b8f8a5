import { observeHost } from '../../host/observe-host';
import type { Plan } from '../../modes/types';
import { plan } from '../../modes/planner';
import type { SwitchInput } from '../../contract/switch';
import type { CommandDeps } from '../deps';

/** `--dry-run`: the exact plan, from live state, by the workflow's own planner; nothing is changed. */
export async function dryRun(deps: Pick<CommandDeps, 'modes' | 'proxmox'>, input: SwitchInput): Promise<Plan> {
  return plan(deps.modes, await observeHost(deps.proxmox()), input);
}
