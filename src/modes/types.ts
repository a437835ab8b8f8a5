// Plain, serialisable data shared by the planner, the workflow and the CLI. Nothing here does I/O.

export type GpuMode = 'exclusive' | 'shared' | 'none';

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
  readonly haManaged?: boolean | undefined;
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
