import type { GpuMode, HostSnapshot, ModeDef, NetworkWaitPlan, VmPowerState, VmState } from '../../../src/modes/types';
import { seededRandom } from '../../../src/shared/seeded-random';
import { mode, vm } from './fixtures';

/** Every random host can be rebuilt from its number. */
export const mulberry32 = seededRandom;

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const chance = (rng: Rng, p: number): boolean => rng() < p;

// Two devices, spelled as Proxmox configs do (a whole device, or one of its functions), and now and
// then a resource mapping or an entry Morpheus could not read.
const PASSTHROUGHS: readonly (readonly string[])[] = [[], [], ['0000:01:00'], ['01:00.0'], ['0000:02:00'], ['02:00.1'], ['0000:01:00', '0000:02:00']];
const RARE: readonly (readonly string[])[] = [['mapping:gpu'], ['mapping:other'], ['unreadable:hostpci1']];

function passthrough(rng: Rng): readonly string[] {
  return chance(rng, 0.06) ? pick(rng, RARE) : pick(rng, PASSTHROUGHS);
}

function status(rng: Rng): VmPowerState {
  return chance(rng, 0.04) ? 'unknown' : chance(rng, 0.45) ? 'running' : 'stopped';
}

const NETWORKS: readonly NetworkWaitPlan[] = [
  { wait: 'agent', timeoutMs: 120_000 },
  { wait: 'tcp', host: '10.0.0.9', port: 22, timeoutMs: 30_000 },
  { wait: 'none' },
];

export interface RandomHost {
  readonly modes: ModeDef[];
  readonly snapshot: HostSnapshot;
}

/** 2-6 modes with random GPU kinds, devices and conflicts, 0-2 unmanaged VMs, random power states. */
export function randomHost(seed: number): RandomHost {
  const rng = mulberry32(seed);
  const count = 2 + Math.floor(rng() * 5);
  const names = Array.from({ length: count }, (_, i) => `m${i}`);
  const modes = names.map((name, i) =>
    mode(name, 200 + i, pick<GpuMode>(rng, ['exclusive', 'shared', 'none']), {
      conflictsWith: names.filter((other) => other !== name && chance(rng, 0.15)),
      shutdownTimeoutMs: pick(rng, [30_000, 60_000, 180_000]),
      network: pick(rng, NETWORKS),
    }),
  );
  const vms: VmState[] = modes.filter(() => !chance(rng, 0.03)).map((m) => vm(m.vmid, status(rng), passthrough(rng), m.name));
  const unmanaged = Math.floor(rng() * 3);
  for (let i = 0; i < unmanaged; i++) vms.push(vm(300 + i, status(rng), passthrough(rng)));
  return { modes, snapshot: { node: 'pve', vms } };
}
