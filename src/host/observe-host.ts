import type { CallOptions, ProxmoxClient } from '../proxmox/client';
import { formatPciAddress, passthroughsOf } from '../proxmox/hostpci';
import type { VmConfig, VmListEntry } from '../proxmox/schemas';
import type { HostSnapshot, VmState } from '../modes/types';

/** What a VM's config passes through, in the planner's string form. */
export function passthroughOf(config: VmConfig): string[] {
  const { parsed, unreadable } = passthroughsOf(config);
  return [
    ...parsed.flatMap((p) => (p.kind === 'host' ? p.devices.map(formatPciAddress) : [`mapping:${p.mapping}`])),
    ...unreadable.map((slot) => `unreadable:${slot}`),
  ];
}

const vmState = (entry: VmListEntry, config: VmConfig): VmState => ({
  vmid: entry.vmid,
  name: entry.name ?? `VM ${entry.vmid}`,
  status: entry.status,
  passthrough: passthroughOf(config),
  lock: entry.lock,
  uptimeS: entry.uptime,
});

/**
 * One observation of the host: the node's VM list (one request) plus each VM's config, read in
 * parallel, because any VM, managed or not, may pass the GPU through.
 */
export async function observeHost(client: ProxmoxClient, o?: CallOptions): Promise<HostSnapshot> {
  const list = await client.listVms(o);
  const configs = await Promise.all(list.map((vm) => client.vmConfig(vm.vmid, o)));
  return {
    node: client.node,
    vms: list.map((entry, i) => vmState(entry, configs[i]!)).sort((a, b) => a.vmid - b.vmid),
  };
}
