import type { Faults } from '../scenario';

/** A seeded PRNG (mulberry32), so a fault-injection run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly status: number; readonly message: string }
  | { readonly kind: 'drop'; readonly when: 'before' | 'after' }
  | { readonly kind: 'malformed'; readonly variant: 'truncated' | 'missing-field' | 'html' };

/** Counts of what was injected, for reports. */
export interface FaultCounts {
  errors: number;
  drops: number;
  malformed: number;
}

// Transient failures a real pveproxy produces: a fork failure, and node-to-node proxy errors.
const TRANSIENT: readonly { status: number; message: string; postOnly?: boolean }[] = [
  { status: 500, message: 'got no worker upid - start worker failed', postOnly: true },
  { status: 595, message: 'No route to host' },
  { status: 596, message: 'Connection timed out' },
];

/** Rolls the dice for one request. */
export function decideFault(faults: Faults, random: () => number, method: string, path: string): FaultDecision {
  if (faults.paths !== undefined && !new RegExp(faults.paths).test(path)) return { kind: 'none' };
  if (faults.error_rate > 0 && random() < faults.error_rate) {
    const options = TRANSIENT.filter((t) => !t.postOnly || method === 'POST');
    const pick = options[Math.floor(random() * options.length)]!;
    return { kind: 'error', status: pick.status, message: pick.message };
  }
  if (faults.drop_rate > 0 && random() < faults.drop_rate) return { kind: 'drop', when: random() < 0.5 ? 'before' : 'after' };
  if (faults.malformed_rate > 0 && random() < faults.malformed_rate) {
    const variants = ['truncated', 'missing-field', 'html'] as const;
    return { kind: 'malformed', variant: variants[Math.floor(random() * variants.length)]! };
  }
  return { kind: 'none' };
}
