import { usableAddress } from '../../host/guest-address';
import { gpuName } from '../../host/gpu-name';
import { hostView } from '../../host/host-view';
import { observeHost } from '../../host/observe-host';
import { vmOf } from '../../modes/snapshot';
import type { ExitCode } from '../../errors';
import type { CliContext } from '../context';
import { commandDeps, type CommandDeps } from '../deps';
import { present } from '../output';
import { modeStatusView } from '../render/mode-status';
import type { SwitchInfo } from '../switch-info';

/** One running mode as `mode status` shows it. */
export interface CurrentMode {
  readonly name: string;
  readonly vmid: number;
  readonly status: string;
  readonly uptimeS: number | null;
  readonly gpu: { readonly mode: string; readonly name: string | null } | null;
  readonly ip: string | null;
}

export interface ModeStatusResult {
  readonly node: string;
  readonly current: readonly CurrentMode[];
  readonly info: SwitchInfo;
  readonly warnings: readonly string[];
  readonly at: number;
}

/** `mode status`: the current mode(s) with uptime, the GPU's real name, the IP, and the last or running switch. */
export async function modeStatus(deps: CommandDeps): Promise<ModeStatusResult> {
  const asked = deps.switchInfo(true);
  const client = deps.proxmox();
  const [snapshot, pci, info] = await Promise.all([observeHost(client), client.pciDevices().catch(() => []), asked]);
  const view = hostView(deps.modes, snapshot);
  const current = await Promise.all(
    deps.modes
      .filter((m) => view.current.includes(m.name))
      .map(async (m): Promise<CurrentMode> => {
        const vm = vmOf(snapshot, m.vmid);
        const agent = await client.agentNetworkInterfaces(m.vmid).catch(() => undefined);
        return {
          name: m.name,
          vmid: m.vmid,
          status: vm?.status ?? 'missing',
          uptimeS: vm?.uptimeS ?? null,
          gpu: m.gpuMode === 'none' ? null : { mode: m.gpuMode, name: gpuName(pci, vm?.passthrough ?? []) ?? null },
          ip: agent ? (usableAddress(agent) ?? null) : null,
        };
      }),
  );
  return { node: view.node, current, info, warnings: view.warnings, at: deps.now() };
}

/** The command line's `mode status`. */
export async function runModeStatus(ctx: CliContext, o: { json?: boolean }): Promise<ExitCode> {
  ctx.prepareSwitchInfo();
  return present(ctx, modeStatusView, await modeStatus(commandDeps(ctx)), o.json);
}
