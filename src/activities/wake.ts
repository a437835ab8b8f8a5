import { cancellationSignal } from '@temporalio/activity';
import { formatDuration } from '../config/duration';
import { wakeHost } from '../host/wake-on-lan';
import type { ProxmoxClient } from '../proxmox/client';
import { businessFailure, FailureType } from './failures';
import type { WorkerSettings } from './observe';
import { keepingAlive } from './poll';

export interface WakeOutcome {
  readonly afterMs: number;
  readonly packetsSent: number;
}

const PHASE_WORDS = {
  'no-answer': 'nothing answered',
  'host-up': 'the machine answered, its API port stayed closed',
  'port-open': 'the API port opened, the API did not answer',
} as const;

export function wakeActivities(client: ProxmoxClient, settings: WorkerSettings) {
  return {
    /**
     * Before a switch, when the host did not answer: Wake-on-LAN, then wait (bounded by
     * proxmox.wol.timeout) until its API answers, sending the packet again every 30 s. Waking an
     * awake host is harmless, so a retried attempt simply sends again.
     */
    wakeHost(): Promise<WakeOutcome> {
      const wake = settings.wake;
      if (!wake)
        throw businessFailure(
          FailureType.hostAsleep,
          `this worker has no Wake-on-LAN settings for host ${settings.node} (proxmox.wol with wake_if_unreachable: true)`,
        );
      return keepingAlive(async () => {
        const outcome = await wakeHost(client, wake.target, { timeoutMs: wake.timeoutMs, signal: cancellationSignal() });
        if (outcome.answered) return { afterMs: outcome.afterMs, packetsSent: outcome.packetsSent };
        throw businessFailure(
          FailureType.hostAsleep,
          `host ${settings.node} did not answer within ${formatDuration(wake.timeoutMs)} of Wake-on-LAN (${outcome.packetsSent} packets to ${wake.target.broadcast}:${wake.target.port}; ${PHASE_WORDS[outcome.phase as keyof typeof PHASE_WORDS] ?? outcome.phase})`,
          {
            hint: "check Wake-on-LAN in the host's firmware and NIC (ethtool <if> | grep Wake-on), proxmox.wol.mac and .broadcast; or wake it by hand and switch again",
          },
        );
      });
    },
  };
}
