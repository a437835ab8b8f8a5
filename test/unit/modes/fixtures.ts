import type { GpuMode, HostSnapshot, ModeDef, NetworkWaitPlan, VmPowerState, VmState } from '../../../src/modes/types';

/** The GPU of the seed's host, as its VM configs pass it through (`hostpci0: 0000:01:00,pcie=1,x-vga=1`). */
export const GPU = '0000:01:00';

export const LINUX = 'linuxvrstreaming';
export const WINDOWS = 'windowsvrstreaming';
export const NOGPU = 'nimsforestnogpu';
export const SHARED = 'nimsforestsharedgpu';
export const SEED_NAMES = [LINUX, WINDOWS, NOGPU, SHARED] as const;

/** A VM that passes the GPU through but that no mode names, as someone's old gaming VM might. */
export const UNMANAGED_VMID = 105;

const AGENT: NetworkWaitPlan = { wait: 'agent', timeoutMs: 120_000 };

/** A mode with the defaults of the seed's config (60 s shutdown, 120 s start, agent network wait). */
export function mode(name: string, vmid: number, gpuMode: GpuMode, more: Partial<ModeDef> = {}): ModeDef {
  return {
    name,
    vmid,
    description: `${name} (VM ${vmid})`,
    gpuMode,
    conflictsWith: [],
    shutdownTimeoutMs: 60_000,
    startTimeoutMs: 120_000,
    network: AGENT,
    ...more,
  };
}

/** The seed's four modes, in its config's order. */
export function seedModes(): ModeDef[] {
  return [
    mode(LINUX, 101, 'exclusive'),
    mode(WINDOWS, 102, 'exclusive'),
    mode(NOGPU, 103, 'none'),
    mode(SHARED, 104, 'shared', { conflictsWith: [LINUX, WINDOWS] }),
  ];
}

export function vm(vmid: number, status: VmPowerState, passthrough: readonly string[] = [], name = `vm${vmid}`): VmState {
  return { vmid, name, status, passthrough };
}

export interface SnapshotOptions {
  /** Modes whose VM runs; every other mode's VM is stopped. */
  running?: readonly string[];
  /** Modes whose VM reports an unknown state. */
  unknown?: readonly string[];
  /** Modes whose VM does not exist on the node. */
  missing?: readonly string[];
  /** Whether VM 105, which passes the GPU through and belongs to no mode, runs (or `'unknown'`). */
  unmanagedRunning?: boolean | 'unknown';
  /** What a VM passes through, by VMID; by default GPU modes pass the GPU and `none` modes nothing. */
  passthrough?: Readonly<Record<number, readonly string[]>>;
  /** The modes the snapshot is about; the seed's by default. */
  modes?: readonly ModeDef[];
  /** More VMs on the node, besides the modes' VMs and VM 105. */
  extra?: readonly VmState[];
}

/** One observation of the seed's host: e.g. `snapshot({ running: [LINUX], unmanagedRunning: true })`. */
export function snapshot(options: SnapshotOptions = {}): HostSnapshot {
  const { running = [], unknown = [], missing = [], passthrough = {}, modes = seedModes(), extra = [] } = options;
  const status = (name: string): VmPowerState => (unknown.includes(name) ? 'unknown' : running.includes(name) ? 'running' : 'stopped');
  const managed = modes
    .filter((m) => !missing.includes(m.name))
    .map((m) => vm(m.vmid, status(m.name), passthrough[m.vmid] ?? (m.gpuMode === 'none' ? [] : [GPU]), m.name));
  const holder = options.unmanagedRunning === 'unknown' ? 'unknown' : options.unmanagedRunning ? 'running' : 'stopped';
  const unmanaged = vm(UNMANAGED_VMID, holder, passthrough[UNMANAGED_VMID] ?? [GPU], 'oldgaming');
  return { node: 'pve', vms: [...managed, unmanaged, ...extra] };
}

/** Every subset of `items`, smallest first, each in the items' order. */
export function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let bits = 0; bits < 1 << items.length; bits++) out.push(items.filter((_, i) => (bits & (1 << i)) !== 0));
  return out.sort((a, b) => a.length - b.length);
}

/** `{a, b}` or `nothing`, for test names. */
export const setName = (names: readonly string[]): string => (names.length === 0 ? 'nothing' : names.join(' + '));
