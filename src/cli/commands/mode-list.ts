import { hostView, type HostView } from '../../host/host-view';
import { observeHost } from '../../host/observe-host';
import type { ExitCode } from '../../errors';
import type { CliContext } from '../context';
import { commandDeps, type CommandDeps } from '../deps';
import { present } from '../output';
import { modeListView } from '../render/mode-list';
import type { SwitchInfo } from '../switch-info';

export interface ModeListResult {
  readonly view: HostView;
  readonly info: SwitchInfo;
  /** When it was read, for "running for 12s". */
  readonly at: number;
}

/** `mode list`: every mode with its live status, the current mode(s), other GPU holders, a switch in flight. */
export async function modeList(deps: CommandDeps): Promise<ModeListResult> {
  // Temporal is asked first, in its own thread, so that it works while this one reads the host.
  const info = deps.switchInfo(false);
  const snapshot = await observeHost(deps.proxmox());
  return { view: hostView(deps.modes, snapshot), info: await info, at: deps.now() };
}

/** The command line's `mode list`. */
export async function runModeList(ctx: CliContext, o: { json?: boolean }): Promise<ExitCode> {
  ctx.prepareSwitchInfo();
  return present(ctx, modeListView, await modeList(commandDeps(ctx)), o.json);
}
