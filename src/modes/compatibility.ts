import { gpuDevices, holdsGpu, sharesDevice, usesGpu, vmOf } from './gpu';
import type { HostSnapshot, ModeDef, VmState } from './types';

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
