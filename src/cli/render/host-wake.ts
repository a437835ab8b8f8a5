import { formatDuration } from '../../config/duration';
import type { WolConfig } from '../../config/schema';
import { ExitCode } from '../../errors';
import type { WakePhase, WakeProgress } from '../../host/wake-on-lan';
import type { HostWoken } from '../host/wake';
import type { View } from '../output';
import type { Colors } from './colors';
import { formatElapsed } from './time';

const PHASE: Record<WakePhase, string> = {
  'no-answer': 'no answer yet',
  'host-up': 'the machine answers, the API port is still closed (booting)',
  'port-open': 'the API port is open, waiting for the API',
  'api-answers': 'the Proxmox API answers',
};

/** The line before the progress lines: what was sent where, and how long the wait may take. */
export const wakeHeader = (node: string, address: string, wol: WolConfig, timeoutMs: number): string =>
  `Sent the magic packet for ${wol.mac.toUpperCase()} to ${wol.broadcast}:${wol.port}; waiting up to ${formatDuration(timeoutMs)} for ${node} (${address}) to answer...`;

/** One line of progress while a host wakes; on a terminal it replaces the previous one. */
export const wakeProgressLine = (p: WakeProgress, c: Colors): string =>
  `  ${formatElapsed(p.elapsedMs).padStart(7)}  ${PHASE[p.phase]}${p.packetsSent > 1 ? c.dim(` (${p.packetsSent} packets sent)`) : ''}`;

export const hostWakeView: View<HostWoken> = {
  text: (r, c) => {
    const sent = `Sent the magic packet for ${r.mac} to ${r.sentTo}`;
    if (!r.waited) return [`${sent}. Not waiting: see whether ${r.node} answers with morpheus mode list.`];
    if (r.answered)
      return [
        c.green(
          `✓ ${r.node} (${r.address}) answers, ${formatElapsed(r.afterMs)} after the magic packet${r.packetsSent > 1 ? ` (${r.packetsSent} packets sent)` : ''}.`,
        ),
      ];
    return [
      c.red(
        `✗ ${r.node} (${r.address}) did not answer within ${formatDuration(r.timeoutMs)} of the magic packet (${r.packetsSent} sent); last seen: ${PHASE[r.lastPhase ?? 'no-answer']}.`,
      ),
      r.lastPhase === 'no-answer'
        ? '  Check that Wake-on-LAN is enabled in the firmware and on the NIC (ethtool <if> | grep Wake-on), the MAC, and the broadcast address of its LAN.'
        : '  The machine is up but its API did not answer yet: give it longer (--timeout 10m), or look at pveproxy on the host.',
    ];
  },
  json: (r) => ({
    node: r.node,
    address: r.address,
    mac: r.mac,
    sent_to: r.sentTo,
    waited: r.waited,
    answered: r.answered,
    after_ms: r.afterMs,
    packets_sent: r.packetsSent,
    timeout_ms: r.timeoutMs,
    last_phase: r.lastPhase ?? null,
  }),
  exitCode: (r) => (r.waited && !r.answered ? ExitCode.unreachable : ExitCode.ok),
};
