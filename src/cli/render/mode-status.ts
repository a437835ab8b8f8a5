import { ExitCode } from '../../errors';
import type { CurrentMode, ModeStatusResult } from '../commands/mode-status';
import type { View } from '../output';
import { switchInfoJson, type SwitchInfo } from '../switch-info';
import type { Colors } from './colors';
import { formatAgo, formatElapsed, formatUptime } from './time';

function modeLines(m: CurrentMode, c: Colors): string[] {
  return [
    c.bold(`🎮 Current Mode: ${m.name} (VM ${m.vmid})`),
    '',
    `Status:   ${m.status === 'running' ? c.green(m.status) : m.status}`,
    `Uptime:   ${m.uptimeS === null ? 'unknown' : formatUptime(m.uptimeS)}`,
    `GPU:      ${m.gpu ? `${m.gpu.name ?? 'unknown device'} (${m.gpu.mode})` : 'none'}`,
    `IP:       ${m.ip ?? c.dim('unknown (no guest agent answer)')}`,
    '',
  ];
}

function switchLines(info: SwitchInfo, at: number, c: Colors): string[] {
  if (info.kind === 'unavailable') return [c.dim(`Switches: unknown (${info.reason})`)];
  if (info.kind === 'none') return [c.dim('No switch has run on this host yet.')];
  const label = info.run.summary ?? info.run.workflowId;
  if (info.kind === 'running') {
    const step = info.progress?.steps.find((s) => s.status === 'running');
    return [
      c.cyan(`⏳ Switch in progress: ${label}, for ${formatElapsed(at - info.run.startTime.getTime())}${step ? ` (${step.label})` : ''}`),
      `   Watch it: morpheus mode watch${info.url ? `  |  ${info.url}` : ''}`,
    ];
  }
  const ago = info.run.closeTime ? formatAgo(at - info.run.closeTime.getTime()) : '';
  const took = info.run.closeTime ? ` in ${formatElapsed(info.run.closeTime.getTime() - info.run.startTime.getTime())}` : '';
  const o = info.outcome;
  const outcome =
    o?.kind === 'failed'
      ? c.red(`failed: ${o.message}`)
      : o?.kind === 'cancelled'
        ? c.yellow(o.message)
        : o?.kind === 'completed'
          ? o.result.outcome
          : info.run.status.toLowerCase();
  return [`Last switch: ${label}, ${outcome}${took}, ${ago}`, ...(info.url ? [c.dim(`   ${info.url}`)] : [])];
}

export const modeStatusView: View<ModeStatusResult> = {
  text: (r, c) => [
    ...(r.current.length === 0 ? [`💤 No mode is running on ${r.node}. Start one with: morpheus mode switch <mode>`] : []),
    ...r.current.flatMap((m) => modeLines(m, c)),
    ...switchLines(r.info, r.at, c),
  ],
  json: (r) => ({ node: r.node, current: r.current, switch: switchInfoJson(r.info), warnings: r.warnings }),
  exitCode: () => ExitCode.ok,
};
