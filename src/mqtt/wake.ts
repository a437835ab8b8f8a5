import type { Config } from '../config/schema';
import { sendMagicPacket } from '../host/wake-on-lan';

/**
 * How the bridge wakes the host for the "Wake host" button: the Wake-on-LAN packet of `proxmox.wol`;
 * undefined without it, and then the button is not announced. The bridge only sends the packet: its
 * state shows the host answering again, as it reads the host anyway.
 */
export function hostWaker(config: Config): (() => Promise<string>) | undefined {
  const wol = config.proxmox.wol;
  if (!wol) return undefined;
  return async () => {
    await sendMagicPacket({ mac: wol.mac, broadcast: wol.broadcast, port: wol.port });
    return `Wake-on-LAN packet sent to ${wol.mac} via ${wol.broadcast}:${wol.port}`;
  };
}
