import type { NetworkWaitPlan } from './types';

/** One step of a plan, in the order it runs. */
export type PlanStep =
  | { readonly kind: 'stop'; readonly mode: string; readonly vmid: number; readonly shutdownTimeoutMs: number }
  | { readonly kind: 'verify-gpu-free'; readonly mode: string; readonly vmid: number }
  | { readonly kind: 'start'; readonly mode: string; readonly vmid: number; readonly startTimeoutMs: number }
  | { readonly kind: 'wait-network'; readonly mode: string; readonly vmid: number; readonly network: NetworkWaitPlan };

/** Why a request is refused. Nothing is changed when a plan is refused. */
export type Refusal =
  | { readonly kind: 'unknown-mode'; readonly mode: string; readonly known: readonly string[] }
  | { readonly kind: 'vm-missing'; readonly mode: string; readonly vmid: number }
  | { readonly kind: 'state-unknown'; readonly vmid: number; readonly name: string }
  /** `modes`: the running modes that block; `declared`: every mode in a conflicts_with relation with the target. */
  | { readonly kind: 'declared-conflict'; readonly modes: readonly string[]; readonly declared: readonly string[] }
  | { readonly kind: 'incompatible'; readonly modes: readonly string[]; readonly details: readonly string[] }
  | { readonly kind: 'unmanaged-holder'; readonly vmid: number; readonly name: string; readonly detail: string };

export type Action = 'switch' | 'start' | 'stop';

export type Plan =
  | { readonly kind: 'refused'; readonly action: Action; readonly target: string; readonly running: readonly string[]; readonly refusals: readonly Refusal[]; readonly alternatives: readonly string[] }
  | { readonly kind: 'noop'; readonly action: Action; readonly target: string; readonly running: readonly string[]; readonly reason: string }
  | { readonly kind: 'run'; readonly action: Action; readonly target: string; readonly running: readonly string[]; readonly steps: readonly PlanStep[] };
