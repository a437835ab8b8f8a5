import { ExitCode } from '../../errors';
import type { ModeListResult } from '../commands/mode-list';
import type { View } from '../output';
import { switchInfoJson } from '../switch-info';
import { table } from './table';
import { formatElapsed } from './time';

export const modeListView: View<ModeListResult> = {
  text: ({ view, info, at }, c) => {
    const status = (s: string) => (s === 'running' ? c.green(s) : s === 'stopped' ? s : c.yellow(s));
    const aliases = (m: ModeListResult['view']['modes'][number]) => (m.aliases.length > 0 ? c.dim(` (also: ${m.aliases.join(', ')})`) : '');
    const rows = view.modes.map((m) => [
      m.name,
      String(m.vmid),
      status(m.status),
      m.gpuMode,
      m.description + aliases(m) + (m.lock ? c.yellow(` [locked: ${m.lock}]`) : ''),
    ]);
    const lines = [...table(['MODE', 'VMID', 'STATUS', 'GPU', 'DESCRIPTION'], rows, [19, 5, 8, 9]), ''];
    lines.push(view.current.length > 1 ? `Current modes: ${view.current.join(', ')}` : `Current mode: ${view.current[0] ?? 'none'}`);
    for (const h of view.unmanagedGpuHolders) lines.push(`GPU also passed through by VM ${h.vmid} (${h.name}), not managed by Morpheus: ${h.status}`);
    if (info.kind === 'running') {
      const step = info.progress?.steps.find((s) => s.status === 'running');
      const since = formatElapsed(at - info.run.startTime.getTime());
      lines.push(
        c.cyan(
          `⏳ Switch in progress: ${info.run.summary ?? info.run.workflowId} (for ${since}${step ? `, ${step.label}` : ''}); watch it with: morpheus mode watch`,
        ),
      );
    } else if (info.kind === 'unavailable') {
      lines.push(c.dim(`(switch status unknown: ${info.reason})`));
    }
    for (const w of view.warnings) lines.push(c.yellow(`⚠ ${w}`));
    return lines;
  },
  json: ({ view, info }) => ({
    node: view.node,
    modes: view.modes.map((m) => ({
      name: m.name,
      aliases: m.aliases,
      vmid: m.vmid,
      status: m.status,
      gpu_mode: m.gpuMode,
      description: m.description,
      current: m.current,
      lock: m.lock ?? null,
    })),
    current: view.current,
    unmanaged_gpu_holders: view.unmanagedGpuHolders,
    warnings: view.warnings,
    switch: info.kind === 'running' || info.kind === 'unavailable' ? switchInfoJson(info) : null,
  }),
  exitCode: () => ExitCode.ok,
};
