import { transitionText } from '../contract/switch-summary';
import type { SwitchOutcome } from '../cli/switch-runs';
import { FailureType } from '../shared/failure-types';
import type { SwitchInput, SwitchProgress } from '../contract/switch';

// Pure: what the bridge knows about a host (HostReading) becomes the one JSON document Home
// Assistant reads (HostState). No I/O, no clock: times come in as values.

type Request = Pick<SwitchInput, 'action' | 'target' | 'requestedBy'>;

/** The host's switch workflow, as Temporal described it at one moment. */
export type SwitchReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | {
      readonly kind: 'running';
      readonly workflowId: string;
      readonly startedAt: Date;
      readonly request: Request | undefined;
      /** Undefined when no worker answered the progress query in time. */
      readonly progress: SwitchProgress | undefined;
    }
  | {
      readonly kind: 'closed';
      readonly workflowId: string;
      readonly status: string;
      readonly summary: string | undefined;
      /** The modes that ran when it began; undefined before it observed the host. */
      readonly from: readonly string[] | undefined;
      readonly request: Request | undefined;
      readonly closedAt: Date | undefined;
      readonly outcome: SwitchOutcome | undefined;
    };

/** The host's VMs, as Proxmox described them at one moment. */
export type ModesReading =
  { readonly kind: 'ok'; readonly running: readonly string[]; readonly ip: string | undefined } | { readonly kind: 'unavailable'; readonly reason: string };

export interface HostReading {
  readonly node: string;
  readonly modes: ModesReading;
  readonly switch: SwitchReading;
}

/** The bridge's answer to the last thing Home Assistant asked (a mode, cancel, wake). */
export interface RequestReply {
  readonly outcome:
    'started' | 'attached' | 'busy' | 'refused' | 'unknown-mode' | 'no-worker' | 'cancel-requested' | 'nothing-to-cancel' | 'wake-sent' | 'error';
  readonly text: string;
  readonly at: string;
}

/** The retained JSON on `<topic_prefix>/<node>/state`; docs/home-assistant.md documents it. */
export interface HostState {
  /** The select's option: the target of a switch under way, else the current mode; null when none or unknown. */
  readonly mode: string | null;
  /** The running managed modes, comma-separated, `none`, or null when Proxmox could not be read. */
  readonly current: string | null;
  readonly current_modes: readonly string[] | null;
  /** The current mode's address from its guest agent. */
  readonly ip: string | null;
  readonly switch: {
    /** `idle`, `switching: step n of m`, `failed` (the last switch failed), or `unknown` (Temporal unreachable). */
    readonly state: string;
    readonly action: string | null;
    readonly target: string | null;
    readonly requested_by: string | null;
    readonly step: string | null;
    readonly step_number: number | null;
    readonly steps: number | null;
    readonly started_at: string | null;
    readonly workflow_id: string | null;
  };
  readonly last_switch: {
    /** e.g. `linuxvrstreaming → windowsvrstreaming: switched`. */
    readonly summary: string | null;
    readonly outcome: string | null;
    readonly error: string | null;
    readonly requested_by: string | null;
    readonly finished_at: string | null;
  };
  readonly last_request: { readonly outcome: string | null; readonly text: string | null; readonly detail: string | null; readonly at: string | null };
  /** Why something above is unknown: Proxmox or Temporal could not be read. */
  readonly problem: string | null;
}

// Home Assistant refuses a sensor state longer than 255 characters; attributes carry the full text.
const STATE_MAX = 255;
const short = (text: string): string => (text.length > STATE_MAX ? `${text.slice(0, STATE_MAX - 1)}…` : text);

export function hostState(reading: HostReading, reply: RequestReply | undefined): HostState {
  const running = reading.modes.kind === 'ok' ? reading.modes.running : null;
  const problems = [reading.modes, reading.switch].flatMap((r) => (r.kind === 'unavailable' ? [r.reason] : []));
  return {
    mode: selectedOption(reading),
    current: running === null ? null : running.length === 0 ? 'none' : running.join(', '),
    current_modes: running,
    ip: reading.modes.kind === 'ok' ? (reading.modes.ip ?? null) : null,
    switch: switchPart(reading.switch),
    last_switch: lastSwitchPart(reading.switch),
    last_request: reply
      ? { outcome: reply.outcome, text: short(reply.text), detail: reply.text, at: reply.at }
      : { outcome: null, text: null, detail: null, at: null },
    problem: problems.length > 0 ? problems.join('; ') : null,
  };
}

/**
 * The mode the select shows: while a switch runs, its target (the choice is being carried out);
 * otherwise the one running mode, or among several the one the last switch went to.
 */
export function selectedOption(reading: HostReading): string | null {
  const s = reading.switch;
  if (s.kind === 'running' && s.request?.action === 'switch') return s.request.target;
  return reading.modes.kind === 'ok' ? currentMode(reading.modes.running, s) : null;
}

/** The mode whose IP is shown: the one running mode, or the last switch's target among several. */
export function currentMode(running: readonly string[], s: SwitchReading): string | null {
  if (running.length === 0) return null;
  const last = s.kind === 'closed' ? s.request?.target : undefined;
  return last !== undefined && running.includes(last) ? last : running[0]!;
}

function switchPart(s: SwitchReading): HostState['switch'] {
  const empty = { action: null, target: null, requested_by: null, step: null, step_number: null, steps: null, started_at: null, workflow_id: null };
  if (s.kind === 'none') return { state: 'idle', ...empty };
  if (s.kind === 'unavailable') return { state: 'unknown', ...empty };
  if (s.kind === 'closed') return { state: closedFailed(s) ? 'failed' : 'idle', ...empty };
  const at = stepOf(s.progress);
  const request = s.progress?.input ?? s.request;
  return {
    state: at.text,
    action: request?.action ?? null,
    target: request?.target ?? null,
    requested_by: request?.requestedBy ?? null,
    step: at.label,
    step_number: at.n,
    steps: at.m,
    started_at: s.startedAt.toISOString(),
    workflow_id: s.workflowId,
  };
}

/**
 * Where a running switch is: `switching: step n of m`, counting the plan's steps (observing the
 * host comes before the plan exists; rolling back comes after it).
 */
export function stepOf(progress: SwitchProgress | undefined): { text: string; label: string | null; n: number | null; m: number | null } {
  const label = [...(progress?.steps ?? [])].reverse().find((s) => s.status === 'running')?.label ?? null;
  if (!progress) return { text: 'switching', label, n: null, m: null };
  if (progress.phase === 'observing') return { text: 'switching: observing the host', label, n: null, m: null };
  if (progress.phase === 'rolling-back') return { text: 'switching: rolling back', label, n: null, m: null };
  if (progress.phase !== 'running' || progress.plan?.kind !== 'run') return { text: 'switching: finishing', label, n: null, m: null };
  const m = progress.plan.steps.length;
  const begun = progress.steps.filter((s) => s.id !== 'observe').length;
  const n = Math.min(Math.max(begun, 1), m);
  return { text: `switching: step ${n} of ${m}`, label, n, m };
}

const closedFailed = (s: Extract<SwitchReading, { kind: 'closed' }>): boolean =>
  s.outcome ? s.outcome.kind === 'failed' && s.outcome.type !== FailureType.refused : s.status !== 'COMPLETED' && s.status !== 'CANCELLED';

function lastSwitchPart(s: SwitchReading): HostState['last_switch'] {
  if (s.kind !== 'closed') return { summary: null, outcome: null, error: null, requested_by: null, finished_at: null };
  const outcome = outcomeWord(s);
  const what = s.request && s.from ? transitionText(s.from, s.request) : (s.summary ?? s.workflowId);
  return {
    summary: short(`${what}: ${outcome}`),
    outcome,
    error: s.outcome && s.outcome.kind !== 'completed' ? s.outcome.message : null,
    requested_by: s.request?.requestedBy ?? null,
    finished_at: s.closedAt?.toISOString() ?? null,
  };
}

function outcomeWord(s: Extract<SwitchReading, { kind: 'closed' }>): string {
  const o = s.outcome;
  if (!o) return s.status.toLowerCase().replace(/_/g, ' ');
  if (o.kind === 'completed') return o.result.outcome;
  if (o.kind === 'cancelled') return 'cancelled';
  return o.type === FailureType.refused ? 'refused' : 'failed';
}
