import type { WolConfig } from '../../config/schema';
import { UsageError } from '../../errors';
import { wakeHost, sendMagicPacket, type WakeProgress } from '../../host/wake-on-lan';
import type { ProxmoxClient } from '../../proxmox/client';

/** What `host wake` needs: the host's address and Wake-on-LAN settings, a client to probe its API, and where progress goes. */
export interface HostWakeDeps {
  readonly node: string;
  /** host:port of the API, for messages. */
  readonly address: string;
  readonly wol: WolConfig | undefined;
  readonly client: ProxmoxClient;
  readonly onProgress: (p: WakeProgress) => void;
}

export interface HostWakeOptions {
  /** Overrides proxmox.wol.timeout. */
  readonly timeoutMs?: number | undefined;
  /** Send the packet and return, without waiting for the API. */
  readonly wait?: boolean | undefined;
}

export interface HostWoken {
  readonly node: string;
  readonly address: string;
  readonly mac: string;
  readonly sentTo: string;
  readonly waited: boolean;
  readonly answered: boolean;
  readonly afterMs: number;
  readonly packetsSent: number;
  readonly timeoutMs: number;
  /** How far the host got when the wait ended without an answer. */
  readonly lastPhase: WakeProgress['phase'] | undefined;
}

export const WOL_CONFIG_HINT = 'add to the proxmox section: wol: { mac: "AA:BB:CC:DD:EE:FF", broadcast: "192.168.1.255" } (docs/configuration.md#wake-on-lan)';

/** `host wake`: sends the magic packet, then waits (bounded) until the host's Proxmox API answers. */
export async function hostWake(deps: HostWakeDeps, o: HostWakeOptions): Promise<HostWoken> {
  const wol = deps.wol;
  if (!wol) throw new UsageError(`no Wake-on-LAN settings for host ${deps.node} (proxmox.wol)`, { hint: WOL_CONFIG_HINT });
  const target = { mac: wol.mac, broadcast: wol.broadcast, port: wol.port };
  const timeoutMs = o.timeoutMs ?? wol.timeout;
  const base = { node: deps.node, address: deps.address, mac: wol.mac.toUpperCase(), sentTo: `${wol.broadcast}:${wol.port}`, timeoutMs };
  if (o.wait === false) {
    await sendMagicPacket(target);
    return { ...base, waited: false, answered: false, afterMs: 0, packetsSent: 1, lastPhase: undefined };
  }
  const outcome = await wakeHost(deps.client, target, { timeoutMs, onProgress: deps.onProgress });
  return {
    ...base,
    waited: true,
    answered: outcome.answered,
    afterMs: outcome.afterMs,
    packetsSent: outcome.packetsSent,
    lastPhase: outcome.answered ? 'api-answers' : outcome.phase,
  };
}
