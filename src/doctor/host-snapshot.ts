import { mappedDevicesOn, passthroughOf, type MappedDevices } from '../host/observe-host';
import type { HostSnapshot } from '../modes/types';
import type { HostFacts, VmFacts } from './facts';

/** The mappings VM configs name, resolved to devices on the node when the mapping list could be read. */
export function mappedDevices(host: HostFacts): MappedDevices {
  return host.pciMappings?.ok ? mappedDevicesOn(host.node, host.pciMappings.value) : new Map();
}

/** The facts as the planner's snapshot, so the GPU rules of `mode list` and a switch apply unchanged. */
export function snapshotOf(host: HostFacts, vms: readonly VmFacts[]): HostSnapshot {
  const mapped = mappedDevices(host);
  return { node: host.node, vms: vms.map((v) => ({ vmid: v.vmid, name: v.name, status: v.status, passthrough: passthroughOf(v.config, mapped) })) };
}
