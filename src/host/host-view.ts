import { gpuDevices, gpuDisagreements, holdsGpu } from '../modes/compatibility';
import { vmOf } from '../modes/snapshot';
import { runningModes } from '../modes/planner';
import type { GpuMode, HostSnapshot, ModeDef, VmPowerState } from '../modes/types';

export interface ModeRow {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly vmid: number;
  readonly status: VmPowerState | 'missing';
  readonly gpuMode: GpuMode;
  readonly description: string;
  readonly current: boolean;
  readonly lock: string | undefined;
  readonly uptimeS: number | undefined;
}

export interface UnmanagedHolder {
  readonly vmid: number;
  readonly name: string;
  readonly status: VmPowerState;
}

/** What `mode list` and `mode status` show about a host, derived from one observation. */
export interface HostView {
  readonly node: string;
  readonly modes: readonly ModeRow[];
  readonly current: readonly string[];
  readonly unmanagedGpuHolders: readonly UnmanagedHolder[];
  readonly warnings: readonly string[];
}

export function hostView(modes: readonly ModeDef[], snapshot: HostSnapshot): HostView {
  const current = runningModes(modes, snapshot).map((m) => m.name);
  const managed = new Set(modes.map((m) => m.vmid));
  const gpu = gpuDevices(modes, snapshot);
  const warnings = [
    ...modes.filter((m) => !vmOf(snapshot, m.vmid)).map((m) => `mode ${m.name}: VM ${m.vmid} does not exist on node ${snapshot.node}`),
    ...gpuDisagreements(modes, snapshot).map((d) => `mode ${d.mode} declares gpu_mode: ${d.declared} but its VM ${d.actual}; Morpheus treats it as a GPU mode`),
    ...(snapshot.unresolvedMappings ?? []).map(
      (name) =>
        `resource mapping ${name} names no device Morpheus can see on node ${snapshot.node} (grant the token Mapping.Audit, or add the node to the mapping); until then it only matches VMs that name the same mapping, not a raw PCI address`,
    ),
  ];
  return {
    node: snapshot.node,
    modes: modes.map((m) => {
      const vm = vmOf(snapshot, m.vmid);
      return {
        name: m.name,
        aliases: m.aliases ?? [],
        vmid: m.vmid,
        status: vm?.status ?? 'missing',
        gpuMode: m.gpuMode,
        description: m.description,
        current: current.includes(m.name),
        lock: vm?.lock,
        uptimeS: vm?.uptimeS,
      };
    }),
    current,
    unmanagedGpuHolders: snapshot.vms.filter((v) => !managed.has(v.vmid) && holdsGpu(v, gpu)).map((v) => ({ vmid: v.vmid, name: v.name, status: v.status })),
    warnings,
  };
}
