import type { CallOptions, ProxmoxClient } from '../proxmox/client';
import { formatPciAddress, mappingDevicesOn, passthroughsOf, type PciAddress } from '../modes/hostpci';
import type { PciMapping, VmConfig, VmListEntry } from '../proxmox/schemas';
import type { HostSnapshot, VmState } from '../modes/types';

/** The devices each cluster PCI mapping names on this node; mappings without an entry for it are left out. */
export type MappedDevices = ReadonlyMap<string, readonly PciAddress[]>;

export function mappedDevicesOn(node: string, mappings: readonly PciMapping[]): MappedDevices {
  return new Map(mappings.flatMap((m) => {
    const devices = mappingDevicesOn(node, m.map);
    return devices ? [[m.id, devices] as const] : [];
  }));
}

/**
 * What a VM's config passes through, in the planner's string form. A `mapping=` entry stays as
 * `mapping:<name>` (two VMs naming one mapping share it) and adds the devices the mapping names on
 * this node, so that a raw address elsewhere naming the same GPU overlaps it too.
 */
export function passthroughOf(config: VmConfig, mapped: MappedDevices = new Map()): string[] {
  const { parsed, unreadable } = passthroughsOf(config);
  return [
    ...parsed.flatMap((p) =>
      p.kind === 'host' ? p.devices.map(formatPciAddress) : [`mapping:${p.mapping}`, ...(mapped.get(p.mapping) ?? []).map(formatPciAddress)],
    ),
    ...unreadable.map((slot) => `unreadable:${slot}`),
  ];
}

const mappingsOf = (config: VmConfig): string[] => passthroughsOf(config).parsed.flatMap((p) => (p.kind === 'mapping' ? [p.mapping] : []));

const vmState = (entry: VmListEntry, config: VmConfig, mapped: MappedDevices): VmState => ({
  vmid: entry.vmid,
  name: entry.name ?? `VM ${entry.vmid}`,
  status: entry.status,
  passthrough: passthroughOf(config, mapped),
  lock: entry.lock,
  uptimeS: entry.uptime,
});

/**
 * One observation of the host: the node's VM list (one request) plus each VM's config, read in
 * parallel, because any VM, managed or not, may pass the GPU through. The cluster's PCI mappings
 * are read only when a config uses one (they exist since PVE 8.0).
 */
export async function observeHost(client: ProxmoxClient, o?: CallOptions): Promise<HostSnapshot> {
  const list = await client.listVms(o);
  const configs = await Promise.all(list.map((vm) => client.vmConfig(vm.vmid, o)));
  const used = [...new Set(configs.flatMap(mappingsOf))].sort();
  const mapped: MappedDevices = used.length > 0 ? mappedDevicesOn(client.node, await client.pciMappings(o)) : new Map();
  const unresolved = used.filter((name) => !mapped.has(name));
  return {
    node: client.node,
    vms: list.map((entry, i) => vmState(entry, configs[i]!, mapped)).sort((a, b) => a.vmid - b.vmid),
    ...(unresolved.length > 0 && { unresolvedMappings: unresolved }),
  };
}
