import { parsePciAddress, pciOverlaps } from '../proxmox/hostpci';
import type { HostSnapshot, ModeDef, VmState } from './types';

/** True when two passthrough entries name overlapping hardware. Unreadable entries overlap everything. */
export function passthroughOverlaps(a: string, b: string): boolean {
  if (a.startsWith('unreadable:') || b.startsWith('unreadable:')) return true;
  if (a.startsWith('mapping:') || b.startsWith('mapping:')) return a === b;
  const x = parsePciAddress(a);
  const y = parsePciAddress(b);
  return x !== undefined && y !== undefined && pciOverlaps(x, y);
}

export const sharesDevice = (a: readonly string[], b: readonly string[]): string | undefined =>
  a.find((x) => b.some((y) => passthroughOverlaps(x, y)));

export const vmOf = (snapshot: HostSnapshot, vmid: number): VmState | undefined => snapshot.vms.find((v) => v.vmid === vmid);

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
