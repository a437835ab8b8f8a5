import { parsePciAddress, pciOverlaps } from './hostpci';
import { vmOf } from './snapshot';
import type { HostSnapshot, ModeDef, VmState } from './types';

// The GPU rule, in one place: which hardware a VM passes through, which of it is "the GPU", who holds
// it, and when two modes (or a mode and a VM Morpheus does not manage) may not run together. Pure:
// the planner, the workflow's GPU-free check, `mode list` and `doctor` all ask here.

/** True when two passthrough entries name overlapping hardware. Unreadable entries overlap everything. */
export function passthroughOverlaps(a: string, b: string): boolean {
  if (a.startsWith('unreadable:') || b.startsWith('unreadable:')) return true;
  if (a.startsWith('mapping:') || b.startsWith('mapping:')) return a === b;
  const x = parsePciAddress(a);
  const y = parsePciAddress(b);
  return x !== undefined && y !== undefined && pciOverlaps(x, y);
}

export const sharesDevice = (a: readonly string[], b: readonly string[]): string | undefined => a.find((x) => b.some((y) => passthroughOverlaps(x, y)));

/**
 * "The GPU": every device that a mode declared as GPU-using passes through. Declared `gpu_mode` is
 * intent; these devices are the physical truth used to find GPU holders.
 */
export function gpuDevices(modes: readonly ModeDef[], snapshot: HostSnapshot): string[] {
  const devices = new Set<string>();
  for (const mode of modes) {
    if (mode.gpuMode === 'none') continue;
    for (const d of vmOf(snapshot, mode.vmid)?.passthrough ?? []) devices.add(d);
  }
  return [...devices];
}

/** Whether a VM's config passes the GPU through, whatever its mode declares. */
export const holdsGpu = (vm: VmState, gpu: readonly string[]): boolean => sharesDevice(vm.passthrough, gpu) !== undefined;

/** A mode uses the GPU if it says so, or if its VM passes the GPU through (safety trusts the hardware). */
export function usesGpu(mode: ModeDef, snapshot: HostSnapshot, gpu: readonly string[]): boolean {
  if (mode.gpuMode !== 'none') return true;
  const vm = vmOf(snapshot, mode.vmid);
  return vm !== undefined && holdsGpu(vm, gpu);
}

/** Modes whose declared gpu_mode disagrees with their VM's config; `doctor` and `mode list` report them. */
export function gpuDisagreements(modes: readonly ModeDef[], snapshot: HostSnapshot): { mode: string; declared: string; actual: string }[] {
  const gpu = gpuDevices(modes, snapshot);
  return modes.flatMap((mode) => {
    const vm = vmOf(snapshot, mode.vmid);
    if (!vm || mode.gpuMode !== 'none' || !holdsGpu(vm, gpu)) return [];
    return [{ mode: mode.name, declared: 'none', actual: `passes the GPU through (${vm.passthrough.join(', ')})` }];
  });
}

/** Why two things may not run at the same time. */
export type Incompatibility =
  | { readonly rule: 'gpu'; readonly detail: string }
  | { readonly rule: 'pci-device'; readonly device: string }
  | { readonly rule: 'declared-conflict'; readonly declaredBy: string };

interface Context {
  readonly snapshot: HostSnapshot;
  readonly gpu: readonly string[];
}

type Rule = (a: ModeDef, b: ModeDef, ctx: Context) => Incompatibility | undefined;

/** Rule 1a: an exclusive mode shares the GPU with nobody, and shared cannot join exclusive. */
const gpuModesClash: Rule = (a, b, ctx) => {
  if (!usesGpu(a, ctx.snapshot, ctx.gpu) || !usesGpu(b, ctx.snapshot, ctx.gpu)) return undefined;
  if (a.gpuMode !== 'exclusive' && b.gpuMode !== 'exclusive' && a.gpuMode !== 'none' && b.gpuMode !== 'none') return undefined;
  return { rule: 'gpu', detail: `${a.name} (${a.gpuMode}) and ${b.name} (${b.gpuMode}) both need the GPU` };
};

/** Rule 1b: two VMs cannot pass through the same PCI function, whatever their modes declare. */
const samePciDevice: Rule = (a, b, ctx) => {
  const device = sharesDevice(vmOf(ctx.snapshot, a.vmid)?.passthrough ?? [], vmOf(ctx.snapshot, b.vmid)?.passthrough ?? []);
  return device === undefined ? undefined : { rule: 'pci-device', device };
};

/** Rule 2: `conflicts_with` is symmetric, whoever wrote it. */
const declaredConflict: Rule = (a, b) => {
  if (a.conflictsWith.includes(b.name)) return { rule: 'declared-conflict', declaredBy: a.name };
  if (b.conflictsWith.includes(a.name)) return { rule: 'declared-conflict', declaredBy: b.name };
  return undefined;
};

const RULES: readonly Rule[] = [gpuModesClash, samePciDevice, declaredConflict];

/** Every reason two modes may not run together; empty means compatible. */
export function incompatibilities(a: ModeDef, b: ModeDef, modes: readonly ModeDef[], snapshot: HostSnapshot): Incompatibility[] {
  if (a.name === b.name) return [];
  const ctx = { snapshot, gpu: gpuDevices(modes, snapshot) };
  return RULES.map((rule) => rule(a, b, ctx)).filter((r): r is Incompatibility => r !== undefined);
}

/** Why a mode may not run next to a VM Morpheus does not manage: a shared device, or the GPU. */
export function unmanagedIncompatibility(mode: ModeDef, vm: VmState, modes: readonly ModeDef[], snapshot: HostSnapshot): Incompatibility | undefined {
  const own = vmOf(snapshot, mode.vmid)?.passthrough ?? [];
  const device = sharesDevice(own, vm.passthrough);
  if (device !== undefined) return { rule: 'pci-device', device };
  const gpu = gpuDevices(modes, snapshot);
  if (usesGpu(mode, snapshot, gpu) && holdsGpu(vm, gpu)) return { rule: 'gpu', detail: `VM ${vm.vmid} (${vm.name}) holds the GPU` };
  return undefined;
}

/** The reasons two modes may not run together that `--force` cannot pass: shared hardware, the GPU. */
export function physicalIncompatibilities(a: ModeDef, b: ModeDef, modes: readonly ModeDef[], snapshot: HostSnapshot): Incompatibility[] {
  return incompatibilities(a, b, modes, snapshot).filter((i) => i.rule !== 'declared-conflict');
}

/** A VM that may run (running, or state unknown) and physically clashes with a mode. */
export interface PhysicalClash {
  readonly vm: VmState;
  readonly why: Incompatibility;
}

/**
 * Every VM, managed or not, that may run and physically clashes with `target`: what must not run when
 * it starts. A VM in an unknown state counts as running.
 */
export function physicalClashes(target: ModeDef, modes: readonly ModeDef[], snapshot: HostSnapshot): PhysicalClash[] {
  const byVmid = new Map(modes.map((m) => [m.vmid, m]));
  return snapshot.vms
    .filter((v) => v.vmid !== target.vmid && v.status !== 'stopped')
    .flatMap((vm) => {
      const mode = byVmid.get(vm.vmid);
      const why = mode ? physicalIncompatibilities(target, mode, modes, snapshot)[0] : unmanagedIncompatibility(target, vm, modes, snapshot);
      return why ? [{ vm, why }] : [];
    });
}
