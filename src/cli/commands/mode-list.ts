import { hostView, type HostView } from '../../host/host-view';
import { observeHost } from '../../host/observe-host';
import type { ExitCode } from '../../errors';
import type { CliContext } from '../context';
import { commandDeps, type CommandDeps } from '../deps';
import { present } from '../output';
import { modeListView } from '../render/mode-list';
import { switchInfo, type SwitchInfo } from '../switch-info';

export interface ModeListResult {
  readonly view: HostView;
  readonly info: SwitchInfo;
  /** When it was read, for "running for 12s". */
  readonly at: number;
}

/** `mode list`: every mode with its live status, the current mode(s), other GPU holders, a switch in flight. */
export async function modeList(deps: CommandDeps): Promise<ModeListResult> {
  // Temporal is asked in parallel: when it is down, its connect deadline does not add to the Proxmox reads.
  const [snapshot, info] = await Promise.all([observeHost(deps.proxmox()), switchInfo(deps, false)]);
  return { view: hostView(deps.modes, snapshot), info, at: deps.now() };
}

/** The command line's `mode list`. */
export async function runModeList(ctx: CliContext, o: { json?: boolean }): Promise<ExitCode> {
  return present(ctx, modeListView, await modeList(commandDeps(ctx)), o.json);
}
