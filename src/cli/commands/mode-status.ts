import { jsonText } from '../render/json';
import { ExitCode } from '../../errors';
import { usableAddress } from '../../host/guest-address';
import { gpuName } from '../../host/gpu-name';
import { observeHost } from '../../host/observe-host';
import { hostView } from '../../host/host-view';
import { vmOf } from '../../modes/gpu';
import type { ModeDef } from '../../modes/types';
import type { CliContext } from '../context';
import { formatAgo, formatElapsed, formatUptime } from '../render/time';
import { switchInfo, switchInfoJson, type SwitchInfo } from '../switch-info';

export interface ModeStatusOptions {
  readonly json?: boolean;
}

interface CurrentMode {
  readonly name: string;
  readonly vmid: number;
  readonly status: string;
  readonly uptimeS: number | null;
  readonly gpu: { readonly mode: string; readonly name: string | null } | null;
  readonly ip: string | null;
}

/** `mode status`: the current mode(s) with uptime, the GPU's real name, the IP, and the last or running switch. */
export async function modeStatus(ctx: CliContext, opts: ModeStatusOptions): Promise<ExitCode> {
  const client = ctx.proxmox();
  const modes = ctx.modes();
  const [snapshot, pci, info] = await Promise.all([observeHost(client), client.pciDevices().catch(() => []), switchInfo(ctx, true)]);
  const view = hostView(modes, snapshot);
  const current = await Promise.all(
    modes
      .filter((m) => view.current.includes(m.name))
      .map(async (m: ModeDef): Promise<CurrentMode> => {
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
  if (opts.json) {
    ctx.out(jsonText({ node: view.node, current, switch: switchInfoJson(info), warnings: view.warnings }));
    return ExitCode.ok;
  }
  if (current.length === 0) ctx.out(`💤 No mode is running on ${view.node}. Start one with: morpheus mode switch <mode>`);
  for (const m of current) renderMode(ctx, m);
  renderSwitch(ctx, info);
  return ExitCode.ok;
}

function renderMode(ctx: CliContext, m: CurrentMode): void {
  const c = ctx.colors;
  ctx.out(c.bold(`🎮 Current Mode: ${m.name} (VM ${m.vmid})`));
  ctx.out();
  ctx.out(`Status:   ${m.status === 'running' ? c.green(m.status) : m.status}`);
  ctx.out(`Uptime:   ${m.uptimeS === null ? 'unknown' : formatUptime(m.uptimeS)}`);
  ctx.out(`GPU:      ${m.gpu ? `${m.gpu.name ?? 'unknown device'} (${m.gpu.mode})` : 'none'}`);
  ctx.out(`IP:       ${m.ip ?? c.dim('unknown (no guest agent answer)')}`);
  ctx.out();
}

function renderSwitch(ctx: CliContext, info: SwitchInfo): void {
  const c = ctx.colors;
  if (info.kind === 'unavailable') return ctx.out(c.dim(`Switches: unknown (${info.reason})`));
  if (info.kind === 'none') return ctx.out(c.dim('No switch has run on this host yet.'));
  const label = info.run.summary ?? info.run.workflowId;
  if (info.kind === 'running') {
    const step = info.progress?.steps.find((s) => s.status === 'running');
    ctx.out(c.cyan(`⏳ Switch in progress: ${label}, for ${formatElapsed(Date.now() - info.run.startTime.getTime())}${step ? ` (${step.label})` : ''}`));
    ctx.out(`   Watch it: morpheus mode watch${info.url ? `  |  ${info.url}` : ''}`);
    return;
  }
  const ago = info.run.closeTime ? formatAgo(Date.now() - info.run.closeTime.getTime()) : '';
  const took = info.run.closeTime ? ` in ${formatElapsed(info.run.closeTime.getTime() - info.run.startTime.getTime())}` : '';
  const outcome = info.outcome?.kind === 'failed' ? c.red(`failed: ${info.outcome.message}`) : info.outcome?.kind === 'completed' ? info.outcome.result.outcome : info.run.status.toLowerCase();
  ctx.out(`Last switch: ${label}, ${outcome}${took}, ${ago}`);
  if (info.url) ctx.out(c.dim(`   ${info.url}`));
}
