import assert from 'node:assert/strict';
import type { HostSnapshot, ModeDef, Plan, PlanStep } from '../../../src/modes/types';
import { expectedOutcome, physicallyBlocks, usesTheGpu, vmOf } from './oracle';
import type { Request } from './oracle';

/** Asserts the plan's outcome class (and refusal kinds) against the oracle, and the shape of a run. */
export function assertAsDesigned(p: Plan, modes: readonly ModeDef[], snapshot: HostSnapshot, request: Request): void {
  const expected = expectedOutcome(modes, snapshot, request);
  const running = modes.filter((m) => vmOf(snapshot, m.vmid)?.status === 'running').map((m) => m.name);
  assert.equal(p.kind, expected.kind, `expected ${expected.kind}, planned ${JSON.stringify(p)}`);
  assert.deepEqual([p.action, p.target, p.running], [request.action, request.target, running]);
  if (p.kind === 'refused' && expected.kind === 'refused') {
    assert.deepEqual(kinds(p.refusals.map((r) => r.kind)), kinds(expected.because), JSON.stringify(p.refusals));
    // "What to do instead" names exactly the other modes that `mode start` would start right now.
    const startable = modes.filter((m) => m.name !== request.target && expectedOutcome(modes, snapshot, { action: 'start', target: m.name }).kind === 'run');
    assert.deepEqual(
      p.alternatives,
      startable.map((m) => m.name),
      'alternatives',
    );
  }
  if (p.kind === 'noop' && request.action === 'switch') assert.equal(p.reason, `already in ${request.target} mode`);
  if (p.kind !== 'run' || expected.kind !== 'run') return;

  const stops = p.steps.filter((s) => s.kind === 'stop');
  assert.deepEqual(p.steps.slice(0, stops.length), stops, 'stops come first');
  assert.deepEqual(stops.map((s) => s.mode).sort(), [...expected.stops].sort(), 'every other running managed mode stops');
  for (const s of stops) {
    const m = modes.find((x) => x.name === s.mode)!;
    assert.deepEqual(s, { kind: 'stop', mode: m.name, vmid: m.vmid, shutdownTimeoutMs: m.shutdownTimeoutMs });
  }
  const target = modes.find((m) => m.name === request.target)!;
  const rest = p.steps.slice(stops.length);
  assert.deepEqual(rest, expected.starts ? startOf(target, modes, snapshot) : [], 'the target starts iff it was not running');
}

/** The steps that start `m`, as DESIGN.md's "A switch, step by step" lists them (4, 5, 6). */
function startOf(m: ModeDef, modes: readonly ModeDef[], snapshot: HostSnapshot): PlanStep[] {
  const { name: mode, vmid } = m;
  return [
    ...(usesTheGpu(m, modes, snapshot) ? [{ kind: 'verify-gpu-free' as const, mode, vmid }] : []),
    { kind: 'start', mode, vmid, startTimeoutMs: m.startTimeoutMs },
    ...(m.network.wait === 'none' ? [] : [{ kind: 'wait-network' as const, mode, vmid, network: m.network }]),
  ];
}

const kinds = (list: readonly string[]): string[] => [...new Set(list)].sort();

export interface Simulation {
  /** False when a `verify-gpu-free` step found the GPU taken, which stops the plan there. */
  readonly completed: boolean;
  /** VMIDs running (or possibly running: state unknown) when the simulation ended. */
  readonly running: ReadonlySet<number>;
}

/**
 * Runs a plan's steps over the host's running set and fails the test if any step would run two VMs
 * that may not run together (the same device, or the GPU twice), start a GPU mode unchecked, or stop or
 * wait on a VM that is not running. A VM whose state is unknown counts as running.
 */
export function simulate(p: Extract<Plan, { kind: 'run' }>, modes: readonly ModeDef[], snapshot: HostSnapshot): Simulation {
  const running = new Set(snapshot.vms.filter((v) => v.status !== 'stopped').map((v) => v.vmid));
  const blockers = (m: ModeDef) => snapshot.vms.filter((v) => running.has(v.vmid) && physicallyBlocks(m, v, modes, snapshot)).map((v) => v.vmid);
  let verified: number | undefined;
  for (const [i, step] of p.steps.entries()) {
    const at = `step ${i + 1} (${step.kind} ${step.mode}) of ${JSON.stringify(p.steps)}`;
    const m = modes.find((x) => x.vmid === step.vmid);
    assert.ok(m && m.name === step.mode, `${at}: names a VM that is not its mode's`);
    switch (step.kind) {
      case 'stop':
        assert.ok(running.has(step.vmid), `${at}: stops a VM that is not running`);
        running.delete(step.vmid);
        break;
      case 'verify-gpu-free':
        if (blockers(m).length > 0) return { completed: false, running };
        verified = step.vmid;
        break;
      case 'start':
        assert.ok(!running.has(step.vmid), `${at}: starts a VM that runs`);
        assert.deepEqual(blockers(m), [], `${at}: would run next to a VM that holds its GPU or device`);
        if (usesTheGpu(m, modes, snapshot)) assert.equal(verified, step.vmid, `${at}: starts a GPU mode without verifying the GPU is free`);
        running.add(step.vmid);
        verified = undefined;
        break;
      case 'wait-network':
        assert.ok(running.has(step.vmid), `${at}: waits on a VM that is not running`);
        break;
    }
  }
  return { completed: true, running };
}

/** Asserts what must hold once a plan has run to its end (or, for a no-op, already holds). */
export function assertEndState(action: Request['action'], target: ModeDef, modes: readonly ModeDef[], running: ReadonlySet<number>): void {
  if (action === 'stop') {
    assert.ok(!running.has(target.vmid), `${target.name} still runs after stop`);
    return;
  }
  assert.ok(running.has(target.vmid), `${target.name} does not run after ${action}`);
  if (action === 'switch') {
    const managed = modes.filter((m) => running.has(m.vmid)).map((m) => m.name);
    assert.deepEqual(managed, [target.name], `after a switch, ${target.name} is the only managed mode running`);
  }
}
