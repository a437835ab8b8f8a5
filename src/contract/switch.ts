import type { QueryDefinition } from '@temporalio/common';
import type { ExitCode } from '../errors';
import type { Action, HostSnapshot, Plan } from '../modes/types';

// The contract between whoever starts a switch (CLI, schedule, Web UI) and the workflow. Types and
// names only, so the CLI can use them without loading the workflow package.

export const SWITCH_WORKFLOW_TYPE = 'modeSwitchWorkflow';
/**
 * The `progress` query, typed, for the workflow's handler and every caller (CLI, bridge, activities).
 * A query definition is plain data; built here so the CLI needs no workflow package to use it.
 */
export const progressQuery = { type: 'query', name: 'progress' } as QueryDefinition<SwitchProgress>;

/** One workflow id per host serializes every GPU transition, whoever asks. */
export const switchWorkflowId = (node: string): string => `morpheus-switch-${node}`;

/** The node a switch workflow id names (the host guard lets only `morpheus-switch-<node>` act). */
export const nodeOfSwitchId = (workflowId: string): string => workflowId.slice(switchWorkflowId('').length);

export interface SwitchInput {
  readonly action: Action;
  readonly target: string;
  /** Override `conflicts_with` protections (never physical GPU conflicts). */
  readonly force: boolean;
  /** Restore the stopped modes when the target fails to start; undefined uses the worker's config. */
  readonly rollback?: boolean | undefined;
  /** Who asked, e.g. `cli:alice@desktop`; shown in the Web UI and to a second requester. */
  readonly requestedBy: string;
  /**
   * The requester's own observation of the host, made just before it started the switch (the CLI
   * plans on one to refuse early): the switch builds on it, reading again only the VM list and the
   * configs of VMs started since, when it is at most a minute old.
   */
  readonly observed?: ObservedHost | undefined;
}

/** An observation of the host and when it was made (epoch ms). */
export interface ObservedHost {
  readonly at: number;
  readonly snapshot: HostSnapshot;
}

/** What the network wait found: an address (or an open port), or why none was confirmed in time. */
export type NetworkOutcome =
  | { readonly confirmed: true; readonly via: 'agent' | 'tcp'; readonly address: string; readonly afterMs: number }
  | { readonly confirmed: false; readonly reason: string; readonly afterMs: number };

export type StepStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** One user-level step ("Shutting down linuxvrstreaming (VM 101)"), with its timing. */
export interface StepRecord {
  readonly id: string;
  readonly label: string;
  status: StepStatus;
  readonly startedAt: number;
  durationMs?: number;
  /** A short outcome: "forced stop after 60s", "IP 192.168.1.151", Proxmox's error. */
  detail?: string;
}

export type Phase = 'observing' | 'running' | 'rolling-back' | 'done' | 'refused' | 'failed' | 'cancelled';

/** What the `progress` query answers: enough to render live progress and a second requester's answer. */
export interface SwitchProgress {
  readonly input: SwitchInput;
  readonly startedAt: number;
  phase: Phase;
  /** The managed modes running when the switch observed the host. */
  from: readonly string[];
  plan?: Plan;
  steps: StepRecord[];
}

export interface RollbackOutcome {
  readonly restored: readonly string[];
  readonly error?: string;
}

/** What a finished run leaves in its memo for `mode history`, when there is something to say. */
export interface RunMemo {
  /** Modes whose guests ignored the ACPI shutdown and were stopped hard after their timeout. */
  readonly forcedStops?: readonly string[];
  readonly rollback?: RollbackOutcome;
  /** Why a scheduled fire did not run a switch. */
  readonly reason?: string;
  /**
   * What a cancelled switch had done: Temporal records neither a message nor details when a run
   * ends cancelled, so the run keeps them here.
   */
  readonly cancelled?: { readonly message: string; readonly steps: readonly StepRecord[] };
}

/** The memo key under which a run keeps its RunMemo. */
export const RUN_MEMO_KEY = 'morpheus';

/** What whoever starts a switch puts in its memo, for `mode history` (search attributes say the rest). */
export interface RequestMemo {
  readonly action: Action;
}

export const REQUEST_MEMO_KEY = 'morpheus_request';

export interface SwitchResult {
  readonly outcome: 'switched' | 'started' | 'stopped' | 'noop';
  readonly input: SwitchInput;
  readonly from: readonly string[];
  /** Why nothing was done, for a no-op. */
  readonly reason?: string;
  readonly network?: NetworkOutcome;
  /** The GPU the target passes through, by its name on the host ("NVIDIA GeForce RTX 4090"), when known. */
  readonly gpu?: string;
  readonly steps: readonly StepRecord[];
  readonly plan: Plan;
}

/**
 * `details[0]` of a failed or cancelled switch: what failed (or was under way when the cancellation
 * came), what was rolled back, and the original failure's type.
 */
export interface SwitchFailureDetails {
  readonly failedStep?: string;
  readonly causeType?: string;
  /** The exit code the failing error declares (a refused token: 7), for the CLI. */
  readonly causeExitCode?: ExitCode;
  readonly hint?: string;
  readonly rollback?: RollbackOutcome;
  readonly steps: readonly StepRecord[];
  readonly plan?: Plan;
}
