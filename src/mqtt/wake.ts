import type { Config } from '../config/schema';

/**
 * How the bridge wakes the host for the "Wake host" button; undefined when it cannot, and then the
 * button is not announced. Wake-on-LAN (`proxmox.wol`, `morpheus host wake`) is not in this build
 * yet: when it is, return a function that sends the magic packet and says what it sent.
 */
export function hostWaker(_config: Config): (() => Promise<string>) | undefined {
  return undefined;
}
