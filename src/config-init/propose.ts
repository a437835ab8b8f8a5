import type { GpuMode } from '../modes/types';
import { gpuName } from '../host/gpu-name';
import { passthroughOf, type MappedDevices } from '../host/observe-host';
import { passthroughOverlaps } from '../modes/compatibility';
import { passthroughsOf } from '../modes/hostpci';
import type { PciDevice, VmConfig } from '../proxmox/schemas';

// `config init`'s proposal, pure: from the host's VMs to modes, their gpu_mode and conflicts_with.

/** One VM as `config init` reads it. */
export interface VmCandidate {
  readonly vmid: number;
  readonly name: string;
  readonly status: string;
  readonly config: VmConfig;
}

/** What a VM's passthrough says about its GPU use; `unclear` when a person should decide. */
export interface GpuGuess {
  readonly gpuMode: GpuMode;
  readonly reason: string;
  readonly unclear: boolean;
  /** What it passes through, in the planner's form (PCI addresses, `mapping:<id>`). */
  readonly devices: readonly string[];
  /** The display device's real name, when the host's PCI list tells. */
  readonly gpu: string | undefined;
}

/**
 * gpu_mode from a VM's hostpciN entries: none without passthrough; exclusive for a display GPU
 * with x-vga=1; shared for a mediated device (mdev: vGPU); none when every device is known and none
 * is a display controller. Anything else (a display device without x-vga, a mapping or an address
 * the PCI list does not explain) is exclusive, the safe guess, and unclear.
 */
export function guessGpuMode(config: VmConfig, pci: readonly PciDevice[] | undefined, mapped: MappedDevices): GpuGuess {
  const { parsed, unreadable } = passthroughsOf(config);
  const devices = passthroughOf(config, mapped);
  const gpu =
    pci && devices.length > 0
      ? gpuName(
          pci.filter((d) => d.class.startsWith('0x03')),
          devices,
        )
      : undefined;
  const slots = parsed.map((p) => p.slot).join(', ');
  const guess = (gpuMode: GpuMode, reason: string, unclear = false): GpuGuess => ({ gpuMode, reason, unclear, devices, gpu });
  if (parsed.length === 0 && unreadable.length === 0) return guess('none', 'no PCI passthrough');
  if (unreadable.length > 0) return guess('exclusive', `${unreadable.join(', ')} cannot be read: exclusive assumed`, true);
  if (parsed.some((p) => p.options['x-vga'] === '1')) return guess('exclusive', `${slots} passes ${gpu ?? 'a display GPU'} with x-vga=1`);
  if (parsed.some((p) => p.options['mdev'] !== undefined)) return guess('shared', `${slots} passes a mediated device (mdev, e.g. a vGPU slice)`);
  if (gpu) return guess('exclusive', `${slots} passes ${gpu} without x-vga=1 (a compute GPU, or a second display?): exclusive assumed`, true);
  const unexplained = devices.filter((d) =>
    d.startsWith('mapping:') ? !mapped.has(d.slice('mapping:'.length)) : !pci?.some((p) => passthroughOverlaps(d, p.id)),
  );
  if (pci && unexplained.length === 0) return guess('none', `${slots} passes no display device`);
  return guess(
    'exclusive',
    `cannot tell what ${slots} passes through (${pci ? 'a mapping or device the PCI list does not show' : 'the PCI list is not readable'}): exclusive assumed`,
    true,
  );
}

const MODE_NAME_LIMIT = 63;

/** A mode name from a VM name ("Win11 Gaming" → "win11-gaming"), `vm<vmid>` when nothing usable is left. */
export function modeNameFor(vm: { vmid: number; name: string }, taken: ReadonlySet<string>): string {
  const base =
    vm.name
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[^a-z0-9]+|-+$/g, '')
      .slice(0, MODE_NAME_LIMIT) || `vm${vm.vmid}`;
  return taken.has(base) ? `${base.slice(0, MODE_NAME_LIMIT - String(vm.vmid).length - 1)}-${vm.vmid}` : base;
}

export interface ProposedMode {
  readonly name: string;
  readonly vm: VmCandidate;
  readonly guess: GpuGuess;
  /** Exclusive modes on the same device as this shared one: never preempted by it without --force. */
  readonly conflictsWith: readonly string[];
}

/**
 * The modes for the chosen VMs, named after them. A `shared` mode conflicts with every `exclusive`
 * mode on the same device, as the seed's shared-GPU compute mode does with the VR modes; two
 * exclusive modes on one GPU get no conflict, so `mode switch` can move between them.
 */
export function proposeModes(
  vms: readonly VmCandidate[],
  guessOf: (vm: VmCandidate) => GpuGuess,
  names: ReadonlyMap<number, string> = new Map(),
): ProposedMode[] {
  const taken = new Set<string>();
  const base = vms.map((vm) => {
    const name = names.get(vm.vmid) ?? modeNameFor(vm, taken);
    taken.add(name);
    return { name, vm, guess: guessOf(vm) };
  });
  const share = (a: GpuGuess, b: GpuGuess) => a.devices.some((x) => b.devices.some((y) => passthroughOverlaps(x, y)));
  return base.map((m) => ({
    ...m,
    conflictsWith: m.guess.gpuMode === 'shared' ? base.filter((o) => o.guess.gpuMode === 'exclusive' && share(m.guess, o.guess)).map((o) => o.name) : [],
  }));
}
