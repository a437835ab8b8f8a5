import { gpuDevices, incompatibilities, physicalIncompatibilities, unmanagedIncompatibility, usesGpu } from './compatibility';
import { describeIncompatibility } from './describe';
import { vmOf } from './snapshot';
import type { Action, HostSnapshot, ModeDef, Plan, PlanStep, Refusal } from './types';

export interface PlanRequest {
  readonly action: Action;
  readonly target: string;
  /** Override `conflicts_with` protections (never physical GPU conflicts). */
  readonly force?: boolean;
}

/** Managed modes whose VM runs, in config order. */
export function runningModes(modes: readonly ModeDef[], snapshot: HostSnapshot): ModeDef[] {
  return modes.filter((m) => vmOf(snapshot, m.vmid)?.status === 'running');
}

/**
 * The one planner behind `mode switch`, `mode start`, `mode stop`, `--dry-run` and the workflow:
 * from the config's modes and one observation of the host, decide to refuse (changing nothing), to do
 * nothing, or which steps to run in which order. Pure and deterministic.
 */
export function plan(modes: readonly ModeDef[], snapshot: HostSnapshot, request: PlanRequest): Plan {
  const { action, target: name } = request;
  const running = runningModes(modes, snapshot);
  const runningNames = running.map((m) => m.name);
  const refuse = (refusals: Refusal[]): Plan => ({
    kind: 'refused',
    action,
    target: name,
    running: runningNames,
    refusals,
    alternatives: alternatives(modes, snapshot, name),
  });

  const target = modes.find((m) => m.name === name);
  if (!target) return refuse([{ kind: 'unknown-mode', mode: name, known: modes.map((m) => m.name) }]);
  const vm = vmOf(snapshot, target.vmid);
  if (!vm) return refuse([{ kind: 'vm-missing', mode: name, vmid: target.vmid }]);
  const unknown = snapshot.vms.filter((v) => v.status === 'unknown' && (v.vmid === target.vmid || modes.some((m) => m.vmid === v.vmid)));
  if (unknown.length > 0) return refuse(unknown.map((v) => ({ kind: 'state-unknown', vmid: v.vmid, name: v.name })));

  if (action === 'stop') {
    if (vm.status !== 'running') return { kind: 'noop', action, target: name, running: runningNames, reason: `${name} is not running` };
    return { kind: 'run', action, target: name, running: runningNames, steps: [stopStep(target)] };
  }

  // Starting what already runs changes nothing, whatever runs next to it.
  if (action === 'start' && vm.status === 'running') {
    return { kind: 'noop', action, target: name, running: runningNames, reason: `${name} is already running` };
  }
  // Physical limits guard a start; a switch to the running target only stops the others.
  const refusals = vm.status === 'running' ? [] : unmanagedRefusals(modes, snapshot, target);
  const others = running.filter((m) => m.name !== name);
  if (action === 'switch') {
    const declared = modes.filter((o) => incompatibilities(target, o, modes, snapshot).some((i) => i.rule === 'declared-conflict'));
    const blocking = declared.filter((m) => others.includes(m));
    if (blocking.length > 0 && !request.force) {
      refusals.unshift({ kind: 'declared-conflict', modes: blocking.map((m) => m.name), declared: declared.map((m) => m.name) });
    }
  } else {
    const clashing = others.filter((o) => (request.force ? physicalIncompatibilities : incompatibilities)(target, o, modes, snapshot).length > 0);
    if (clashing.length > 0) {
      const details = clashing.flatMap((o) => incompatibilities(target, o, modes, snapshot).map(describeIncompatibility));
      refusals.unshift({ kind: 'incompatible', modes: clashing.map((m) => m.name), details });
    }
  }
  if (refusals.length > 0) return refuse(refusals);

  const toStop = action === 'switch' ? others : [];
  if (vm.status === 'running' && toStop.length === 0) {
    return { kind: 'noop', action, target: name, running: runningNames, reason: `already in ${name} mode` };
  }
  const steps: PlanStep[] = toStop.map(stopStep);
  if (vm.status !== 'running') steps.push(...startSteps(target, modes, snapshot));
  return { kind: 'run', action, target: name, running: runningNames, steps };
}

export const stopStep = (m: ModeDef): PlanStep => ({ kind: 'stop', mode: m.name, vmid: m.vmid, shutdownTimeoutMs: m.shutdownTimeoutMs });

/** Start a mode: check the GPU on live state first if it needs it, then start, then wait for its network. */
export function startSteps(m: ModeDef, modes: readonly ModeDef[], snapshot: HostSnapshot): PlanStep[] {
  const steps: PlanStep[] = [];
  if (usesGpu(m, snapshot, gpuDevices(modes, snapshot))) steps.push({ kind: 'verify-gpu-free', mode: m.name, vmid: m.vmid });
  steps.push({ kind: 'start', mode: m.name, vmid: m.vmid, startTimeoutMs: m.startTimeoutMs });
  if (m.network.wait !== 'none') steps.push({ kind: 'wait-network', mode: m.name, vmid: m.vmid, network: m.network });
  return steps;
}

/** Steps that bring back the modes a failed switch stopped, in the order they ran before. */
export function rollbackSteps(stopped: readonly string[], modes: readonly ModeDef[], snapshot: HostSnapshot): PlanStep[] {
  return modes.filter((m) => stopped.includes(m.name)).flatMap((m) => startSteps(m, modes, snapshot).filter((s) => s.kind !== 'wait-network'));
}

/** Unmanaged VMs that may run (running, or state unknown) and would clash with `target`. */
function unmanagedRefusals(modes: readonly ModeDef[], snapshot: HostSnapshot, target: ModeDef): Refusal[] {
  const managed = new Set(modes.map((m) => m.vmid));
  return snapshot.vms
    .filter((v) => !managed.has(v.vmid) && v.status !== 'stopped')
    .flatMap((v): Refusal[] => {
      const why = unmanagedIncompatibility(target, v, modes, snapshot);
      if (!why) return [];
      if (v.status !== 'running') return [{ kind: 'state-unknown', vmid: v.vmid, name: v.name }];
      return [{ kind: 'unmanaged-holder', vmid: v.vmid, name: v.name, detail: describeIncompatibility(why) }];
    });
}

/** Modes that could start right now next to everything running: what to use instead. */
function alternatives(modes: readonly ModeDef[], snapshot: HostSnapshot, exclude: string): string[] {
  // While a managed VM's state is unknown every request is refused, so there is nothing to suggest.
  if (modes.some((m) => vmOf(snapshot, m.vmid)?.status === 'unknown')) return [];
  const running = runningModes(modes, snapshot);
  return modes
    .filter((m) => m.name !== exclude && vmOf(snapshot, m.vmid)?.status === 'stopped')
    .filter((m) => running.every((r) => incompatibilities(m, r, modes, snapshot).length === 0) && unmanagedRefusals(modes, snapshot, m).length === 0)
    .map((m) => m.name);
}
