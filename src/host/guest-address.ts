import type { AgentNetworkResult } from '../proxmox/client';

/** The first address worth showing: IPv4 before IPv6, never loopback, link-local or container bridges. */
export function usableAddress(result: AgentNetworkResult): string | undefined {
  if (result.kind !== 'ok') return undefined;
  const addresses = result.interfaces
    .filter((i) => i.name !== 'lo' && !/^(docker|veth|br-|virbr)/.test(i.name))
    .flatMap((i) => i['ip-addresses'] ?? [])
    .filter((a) => !/^(127\.|169\.254\.|::1$|fe80:)/i.test(a['ip-address']));
  return (addresses.find((a) => a['ip-address-type'] === 'ipv4') ?? addresses[0])?.['ip-address'];
}
