import type { CallOptions, ProxmoxClient } from '../proxmox/client';
import { formatPciAddress, mappingDevicesOn, passthroughsOf, type PciAddress } from '../modes/hostpci';
import type { PciMapping, VmConfig, VmListEntry } from '../proxmox/schemas';
import type { HostSnapshot, VmState } from '../modes/types';

/** The devices each cluster PCI mapping names on this node; mappings without an entry for it are left out. */
export type MappedDevices = ReadonlyMap<string, readonly PciAddress[]>;

export function mappedDevicesOn(node: string, mappings: readonly PciMapping[]): MappedDevices {
  return new Map(
    mappings.flatMap((m) => {
      const devices = mappingDevicesOn(node, m.map);
      return devices ? [[m.id, devices] as const] : [];
    }),
  );
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

const vmState = (entry: VmListEntry, passthrough: readonly string[]): VmState => ({
  vmid: entry.vmid,
  name: entry.name ?? `VM ${entry.vmid}`,
  status: entry.status,
  passthrough,
  lock: entry.lock,
  uptimeS: entry.uptime,
});

/**
 * Whether a VM's passthrough from an earlier observation of the same switch still holds: it only
 * matters while the VM runs, and a running VM passes through what it started with. So it holds
 * unless the VM runs now and did not then, or was restarted since (its uptime went back).
 */
export function passthroughStillHolds(entry: VmListEntry, earlier: VmState | undefined): earlier is VmState {
  if (!earlier) return false;
  if (entry.status !== 'running') return true;
  return earlier.status === 'running' && (entry.uptime ?? 0) >= (earlier.uptimeS ?? Infinity);
}

/**
 * One observation of the host: the node's VM list (one request) plus each VM's config, read in
 * parallel, because any VM, managed or not, may pass the GPU through. The cluster's PCI mappings
 * are read only when a config uses one (they exist since PVE 8.0).
 *
 * Given an earlier observation of the same switch, it reads only the configs whose passthrough may
 * have changed since ({@link passthroughStillHolds}): usually none, so a GPU check costs one request.
 */
export async function observeHost(client: ProxmoxClient, o?: CallOptions, earlier?: HostSnapshot): Promise<HostSnapshot> {
  const list = await client.listVms(o);
  const seen = new Map(earlier?.vms.map((v) => [v.vmid, v]));
  const kept = list.map((entry) => {
    const before = seen.get(entry.vmid);
    return passthroughStillHolds(entry, before) ? before : undefined;
  });
  const configs = await Promise.all(list.map((vm, i) => (kept[i] ? undefined : client.vmConfig(vm.vmid, o))));
  const used = [...new Set(configs.flatMap((c) => (c ? mappingsOf(c) : [])))].sort();
  const mapped: MappedDevices = used.length > 0 ? mappedDevicesOn(client.node, await client.pciMappings(o)) : new Map();
  const unresolved = [...new Set([...used.filter((name) => !mapped.has(name)), ...(earlier?.unresolvedMappings ?? [])])].sort();
  return {
    node: client.node,
    vms: list.map((entry, i) => vmState(entry, kept[i]?.passthrough ?? passthroughOf(configs[i]!, mapped))).sort((a, b) => a.vmid - b.vmid),
    ...(unresolved.length > 0 && { unresolvedMappings: unresolved }),
  };
}
