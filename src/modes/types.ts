// Plain, serialisable data shared by the planner, the workflow and the CLI. Nothing here does I/O.

/** How a mode uses the GPU, as the config declares it. */
export const GPU_MODES = ['exclusive', 'shared', 'none'] as const;
export type GpuMode = (typeof GPU_MODES)[number];

export type NetworkWaitPlan =
  | { readonly wait: 'agent'; readonly timeoutMs: number }
  | { readonly wait: 'tcp'; readonly host: string; readonly port: number; readonly timeoutMs: number }
  | { readonly wait: 'none' };

/** One mode as the planner sees it: the config's declaration with every default resolved. */
export interface ModeDef {
  readonly name: string;
  /** Other names users may type for it (`resolveMode`); absent when it has none. */
  readonly aliases?: readonly string[] | undefined;
  readonly vmid: number;
  readonly description: string;
  readonly gpuMode: GpuMode;
  readonly conflictsWith: readonly string[];
  readonly shutdownTimeoutMs: number;
  readonly startTimeoutMs: number;
  readonly network: NetworkWaitPlan;
}

export type VmPowerState = 'running' | 'stopped' | 'unknown';

/** One VM on the host, as observed. */
export interface VmState {
  readonly vmid: number;
  readonly name: string;
  readonly status: VmPowerState;
  /**
   * What its config passes through: PCI addresses (`0000:01:00`, `0000:01:00.1`), `mapping:<name>`,
   * or `unreadable:<hostpciN>` for entries Morpheus cannot parse (treated as overlapping anything).
   */
  readonly passthrough: readonly string[];
  readonly lock?: string | undefined;
  readonly uptimeS?: number | undefined;
}

/** The host's state at one moment. */
export interface HostSnapshot {
  readonly node: string;
  readonly vms: readonly VmState[];
  /**
   * Resource mappings that VM configs name but that could not be resolved to devices on the node
   * (the token lacks Mapping.Audit, or the mapping has no entry for the node): they only match VMs
   * naming the same mapping.
   */
  readonly unresolvedMappings?: readonly string[] | undefined;
}

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
  | {
      readonly kind: 'refused';
      readonly action: Action;
      readonly target: string;
      readonly running: readonly string[];
      readonly refusals: readonly Refusal[];
      readonly alternatives: readonly string[];
    }
  | { readonly kind: 'noop'; readonly action: Action; readonly target: string; readonly running: readonly string[]; readonly reason: string }
  | { readonly kind: 'run'; readonly action: Action; readonly target: string; readonly running: readonly string[]; readonly steps: readonly PlanStep[] };
