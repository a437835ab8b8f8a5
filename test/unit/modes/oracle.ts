// An independent statement of DESIGN.md's rules ("Words", "Compatibility", "Commands and their
// meaning"), written for the tests without calling anything in src/modes except its types. The
// planner is checked against it; where the two disagree, one of them misreads DESIGN.md.
import type { Action, HostSnapshot, ModeDef, Refusal, VmState } from '../../../src/modes/types';

export type Rule = 'gpu' | 'pci-device' | 'declared-conflict';

export type Expectation =
  | { readonly kind: 'refused'; readonly because: readonly Refusal['kind'][] }
  | { readonly kind: 'noop' }
  | { readonly kind: 'run'; readonly stops: readonly string[]; readonly starts: boolean };

export interface Request {
  readonly action: Action;
  readonly target: string;
  readonly force?: boolean;
}

const PCI = /^(?:([0-9a-f]{4}):)?([0-9a-f]{2}):([0-9a-f]{2})(?:\.([0-7]))?$/i;

function pci(entry: string): { device: string; fn: string | undefined } {
  const m = PCI.exec(entry);
  if (!m) throw new Error(`the oracle cannot read passthrough entry ${JSON.stringify(entry)}`);
  return { device: `${m[1] ?? '0000'}:${m[2]}:${m[3]}`.toLowerCase(), fn: m[4] };
}

/**
 * Whether two `hostpciN` entries may name the same hardware. An entry Morpheus could not read might be
 * anything; a mapping is only known to equal itself; a whole device includes each of its functions.
 */
export function sameHardware(a: string, b: string): boolean {
  if (a.startsWith('unreadable:') || b.startsWith('unreadable:')) return true;
  if (a.startsWith('mapping:') || b.startsWith('mapping:')) return a === b;
  const x = pci(a);
  const y = pci(b);
  return x.device === y.device && (x.fn === undefined || y.fn === undefined || x.fn === y.fn);
}

const overlap = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.some((y) => sameHardware(x, y)));

export const vmOf = (snapshot: HostSnapshot, vmid: number): VmState | undefined => snapshot.vms.find((v) => v.vmid === vmid);
const devicesOf = (snapshot: HostSnapshot, m: ModeDef): readonly string[] => vmOf(snapshot, m.vmid)?.passthrough ?? [];
const isManaged = (modes: readonly ModeDef[], vmid: number): boolean => modes.some((m) => m.vmid === vmid);

/** "The GPU": whatever the modes that declare GPU use pass through. */
export const theGpu = (modes: readonly ModeDef[], snapshot: HostSnapshot): string[] =>
  modes.filter((m) => m.gpuMode !== 'none').flatMap((m) => devicesOf(snapshot, m));

/** A GPU holder is any VM whose config passes the GPU through, managed or not. */
export const holdsTheGpu = (vm: VmState, modes: readonly ModeDef[], snapshot: HostSnapshot): boolean => overlap(vm.passthrough, theGpu(modes, snapshot));

/**
 * How a mode uses the GPU, trusting the hardware over the declaration: a `none` mode whose VM passes
 * the GPU through uses it, and since nothing says it can share, it is taken as exclusive.
 */
export function gpuKind(m: ModeDef, modes: readonly ModeDef[], snapshot: HostSnapshot): ModeDef['gpuMode'] {
  if (m.gpuMode !== 'none') return m.gpuMode;
  const vm = vmOf(snapshot, m.vmid);
  return vm !== undefined && holdsTheGpu(vm, modes, snapshot) ? 'exclusive' : 'none';
}

export const usesTheGpu = (m: ModeDef, modes: readonly ModeDef[], snapshot: HostSnapshot): boolean => gpuKind(m, modes, snapshot) !== 'none';

/** Every compatibility rule that keeps `a` and `b` from running together; empty when they may. */
export function clashes(a: ModeDef, b: ModeDef, modes: readonly ModeDef[], snapshot: HostSnapshot): Rule[] {
  if (a.name === b.name) return [];
  const ka = gpuKind(a, modes, snapshot);
  const kb = gpuKind(b, modes, snapshot);
  const rules: Rule[] = [];
  if (ka !== 'none' && kb !== 'none' && (ka === 'exclusive' || kb === 'exclusive')) rules.push('gpu');
  if (overlap(devicesOf(snapshot, a), devicesOf(snapshot, b))) rules.push('pci-device');
  if (a.conflictsWith.includes(b.name) || b.conflictsWith.includes(a.name)) rules.push('declared-conflict');
  return rules;
}

/** Why a mode may not run next to a VM no mode names: the same device, or the GPU when both want it. */
export function clashesWithUnmanaged(m: ModeDef, vm: VmState, modes: readonly ModeDef[], snapshot: HostSnapshot): Rule | undefined {
  if (overlap(devicesOf(snapshot, m), vm.passthrough)) return 'pci-device';
  if (usesTheGpu(m, modes, snapshot) && holdsTheGpu(vm, modes, snapshot)) return 'gpu';
  return undefined;
}

/**
 * Whether `m` may start while `other` runs, by physical rules only (never by `conflicts_with`): what a
 * `verify-gpu-free` check on live state must refuse, and what must never happen on the host.
 */
export function physicallyBlocks(m: ModeDef, other: VmState, modes: readonly ModeDef[], snapshot: HostSnapshot): boolean {
  if (other.vmid === m.vmid) return false;
  const owner = modes.find((o) => o.vmid === other.vmid);
  if (owner === undefined) return clashesWithUnmanaged(m, other, modes, snapshot) !== undefined;
  return clashes(m, owner, modes, snapshot).some((r) => r !== 'declared-conflict');
}

/** Whether the host can really be in this state: no running mode next to a VM that blocks it. */
export function physicallyPossible(modes: readonly ModeDef[], snapshot: HostSnapshot): boolean {
  const up = snapshot.vms.filter((v) => v.status === 'running');
  return modes.every((m) => vmOf(snapshot, m.vmid)?.status !== 'running' || up.every((v) => !physicallyBlocks(m, v, modes, snapshot)));
}

/** What DESIGN.md says `mode <action> <target> [--force]` does from this observation of the host. */
export function expectedOutcome(modes: readonly ModeDef[], snapshot: HostSnapshot, request: Request): Expectation {
  const { action, target: name, force = false } = request;
  const refused = (...because: Refusal['kind'][]): Expectation => ({ kind: 'refused', because });
  const target = modes.find((m) => m.name === name);
  if (!target) return refused('unknown-mode');
  const own = vmOf(snapshot, target.vmid);
  if (!own) return refused('vm-missing');
  // Without knowing which managed VMs run, no plan can promise anything.
  if (modes.some((m) => vmOf(snapshot, m.vmid)?.status === 'unknown')) return refused('state-unknown');

  const isRunning = own.status === 'running';
  if (action === 'stop') return isRunning ? { kind: 'run', stops: [name], starts: false } : { kind: 'noop' };

  const others = modes.filter((m) => m.name !== name && vmOf(snapshot, m.vmid)?.status === 'running');
  // Physical limits only matter when something is about to start; an unmanaged VM whose state is
  // unknown may be running, so it blocks like a running one.
  const physical: Refusal['kind'][] = isRunning
    ? []
    : snapshot.vms
        .filter((v) => !isManaged(modes, v.vmid) && v.status !== 'stopped' && clashesWithUnmanaged(target, v, modes, snapshot) !== undefined)
        .map((v) => (v.status === 'running' ? 'unmanaged-holder' : 'state-unknown'));

  if (action === 'start') {
    // Starting what runs changes nothing, whatever runs next to it.
    if (isRunning) return { kind: 'noop' };
    const blocked = others.some((o) => clashes(target, o, modes, snapshot).some((r) => !force || r !== 'declared-conflict'));
    const because: Refusal['kind'][] = [...(blocked ? ['incompatible' as const] : []), ...physical];
    return because.length > 0 ? refused(...because) : { kind: 'run', stops: [], starts: true };
  }

  // switch: every other running mode stops, so only a protective declaration (unless forced) or a
  // VM Morpheus may not touch can stand in the way.
  const protectors = others.filter((o) => o.conflictsWith.includes(name) || target.conflictsWith.includes(o.name));
  const because: Refusal['kind'][] = [...(protectors.length > 0 && !force ? ['declared-conflict' as const] : []), ...physical];
  if (because.length > 0) return refused(...because);
  if (isRunning && others.length === 0) return { kind: 'noop' };
  return { kind: 'run', stops: others.map((o) => o.name), starts: !isRunning };
}
