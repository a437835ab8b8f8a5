import { jsonText } from '../render/json';
import { ExitCode } from '../../errors';
import { hostView, type HostView } from '../../host/host-view';
import { observeHost } from '../../host/observe-host';
import type { CliContext } from '../context';
import { table } from '../render/table';
import { formatElapsed } from '../render/time';
import { switchInfo, switchInfoJson, type SwitchInfo } from '../switch-info';

export interface ModeListOptions {
  readonly json?: boolean;
}

/** `mode list`: every mode with its live status, the current mode(s), other GPU holders, a switch in flight. */
export async function modeList(ctx: CliContext, opts: ModeListOptions): Promise<ExitCode> {
  const modes = ctx.modes();
  // Temporal is asked in parallel: when it is down, its connect deadline does not add to the Proxmox reads.
  const [snapshot, info] = await Promise.all([observeHost(ctx.proxmox()), switchInfo(ctx, false)]);
  const view = hostView(modes, snapshot);
  if (opts.json) {
    ctx.out(jsonText(listJson(view, info)));
    return ExitCode.ok;
  }
  renderList(ctx, view, info);
  return ExitCode.ok;
}

export function listJson(view: HostView, info: SwitchInfo) {
  return {
    node: view.node,
    modes: view.modes.map((m) => ({ name: m.name, aliases: m.aliases, vmid: m.vmid, status: m.status, gpu_mode: m.gpuMode, description: m.description, current: m.current, lock: m.lock ?? null })),
    current: view.current,
    unmanaged_gpu_holders: view.unmanagedGpuHolders,
    warnings: view.warnings,
    switch: info.kind === 'running' || info.kind === 'unavailable' ? switchInfoJson(info) : null,
  };
}

function renderList(ctx: CliContext, view: HostView, info: SwitchInfo): void {
  const c = ctx.colors;
  const status = (s: string) => (s === 'running' ? c.green(s) : s === 'stopped' ? s : c.yellow(s));
  const aliases = (m: HostView['modes'][number]) => (m.aliases.length > 0 ? c.dim(` (also: ${m.aliases.join(', ')})`) : '');
  const rows = view.modes.map((m) => [m.name, String(m.vmid), status(m.status), m.gpuMode, m.description + aliases(m) + (m.lock ? c.yellow(` [locked: ${m.lock}]`) : '')]);
  for (const line of table(['MODE', 'VMID', 'STATUS', 'GPU', 'DESCRIPTION'], rows, [19, 5, 8, 9])) ctx.out(line);
  ctx.out();
  ctx.out(view.current.length > 1 ? `Current modes: ${view.current.join(', ')}` : `Current mode: ${view.current[0] ?? 'none'}`);
  for (const h of view.unmanagedGpuHolders) {
    ctx.out(`GPU also passed through by VM ${h.vmid} (${h.name}), not managed by Morpheus: ${h.status}`);
  }
  if (info.kind === 'running') {
    const step = info.progress?.steps.find((s) => s.status === 'running');
    ctx.out(c.cyan(`⏳ Switch in progress: ${info.run.summary ?? info.run.workflowId} (for ${formatElapsed(Date.now() - info.run.startTime.getTime())}${step ? `, ${step.label}` : ''}); watch it with: morpheus mode watch`));
  } else if (info.kind === 'unavailable') {
    ctx.out(c.dim(`(switch status unknown: ${info.reason})`));
  }
  for (const w of view.warnings) ctx.out(c.yellow(`⚠ ${w}`));
}
