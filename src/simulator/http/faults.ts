import type { Faults } from '../scenario';

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

/** True when the faults apply to requests for `path` (an API path without `/api2/json`). */
export const faultsApplyTo = (faults: Faults, path: string): boolean => faults.paths === undefined || new RegExp(faults.paths).test(path);

/** Rolls the dice for one request. */
export function decideFault(faults: Faults, random: () => number, method: string, path: string): FaultDecision {
  if (!faultsApplyTo(faults, path)) return { kind: 'none' };
  if (faults.error_rate > 0 && random() < faults.error_rate) {
    const options = TRANSIENT.filter((t) => !t.postOnly || method === 'POST');
    const pick = options[Math.floor(random() * options.length)]!;
    return { kind: 'error', status: pick.status, message: pick.message };
  }
  if (faults.drop_rate > 0 && random() < faults.drop_rate) return { kind: 'drop', when: random() < 0.5 ? 'before' : 'after' };
  if (faults.malformed_rate > 0 && random() < faults.malformed_rate) {
    const variants = faults.malformed_kinds ?? (['truncated', 'missing-field', 'html'] as const);
    return { kind: 'malformed', variant: variants[Math.floor(random() * variants.length)]! };
  }
  return { kind: 'none' };
}
