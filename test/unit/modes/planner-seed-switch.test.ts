import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plan } from '../../../src/modes/planner';
import type { PlanStep } from '../../../src/modes/types';
import { GPU, LINUX, NOGPU, SEED_NAMES, SHARED, WINDOWS, seedModes, snapshot } from './fixtures';

const modes = seedModes();
const AGENT = { wait: 'agent', timeoutMs: 120_000 } as const;
const stop = (mode: string, vmid: number): PlanStep => ({ kind: 'stop', mode, vmid, shutdownTimeoutMs: 60_000 });
const verify = (mode: string, vmid: number): PlanStep => ({ kind: 'verify-gpu-free', mode, vmid });
const start = (mode: string, vmid: number): PlanStep => ({ kind: 'start', mode, vmid, startTimeoutMs: 120_000 });
const network = (mode: string, vmid: number): PlanStep => ({ kind: 'wait-network', mode, vmid, network: AGENT });
const switchTo = (target: string, running: string[], more: Parameters<typeof snapshot>[0] = {}, force = false) =>
  plan(modes, snapshot({ running, ...more }), { action: 'switch', target, force });

describe("plan: the seed's switches", () => {
  it('stops linuxvrstreaming, verifies the GPU is free, starts windowsvrstreaming and waits for its network', () => {
    assert.deepEqual(switchTo(WINDOWS, [LINUX]), {
      kind: 'run',
      action: 'switch',
      target: WINDOWS,
      running: [LINUX],
      steps: [stop(LINUX, 101), verify(WINDOWS, 102), start(WINDOWS, 102), network(WINDOWS, 102)],
    });
  });

  it('switches from windowsvrstreaming to nimsforestnogpu without a GPU check', () => {
    assert.deepEqual(switchTo(NOGPU, [WINDOWS]), {
      kind: 'run',
      action: 'switch',
      target: NOGPU,
      running: [WINDOWS],
      steps: [stop(WINDOWS, 102), start(NOGPU, 103), network(NOGPU, 103)],
    });
  });

  it('refuses nimsforestsharedgpu while a VR mode runs, naming it, both VR modes, and nimsforestnogpu as the way out', () => {
    assert.deepEqual(switchTo(SHARED, [LINUX]), {
      kind: 'refused',
      action: 'switch',
      target: SHARED,
      running: [LINUX],
      refusals: [{ kind: 'declared-conflict', modes: [LINUX], declared: [LINUX, WINDOWS] }],
      alternatives: [NOGPU],
    });
  });

  it('preempts the VR mode for nimsforestsharedgpu with --force', () => {
    assert.deepEqual(switchTo(SHARED, [WINDOWS], {}, true), {
      kind: 'run',
      action: 'switch',
      target: SHARED,
      running: [WINDOWS],
      steps: [stop(WINDOWS, 102), verify(SHARED, 104), start(SHARED, 104), network(SHARED, 104)],
    });
  });

  it('refuses a VR mode while nimsforestsharedgpu runs, since the relation is symmetric', () => {
    const p = switchTo(LINUX, [SHARED]);
    assert.equal(p.kind, 'refused');
    assert.deepEqual(p.kind === 'refused' && p.refusals, [{ kind: 'declared-conflict', modes: [SHARED], declared: [SHARED] }]);
  });

  it('stops every other running mode, nimsforestnogpu included, so the target is the only one', () => {
    const p = switchTo(WINDOWS, [LINUX, NOGPU]);
    assert.deepEqual(p.kind === 'run' && p.steps.slice(0, 2), [stop(LINUX, 101), stop(NOGPU, 103)]);
  });

  it('only stops the others when the target already runs next to them', () => {
    assert.deepEqual(switchTo(NOGPU, [NOGPU, SHARED]), { kind: 'run', action: 'switch', target: NOGPU, running: [NOGPU, SHARED], steps: [stop(SHARED, 104)] });
  });

  it('starts the target with nothing to stop when nothing runs', () => {
    const p = switchTo(LINUX, []);
    assert.deepEqual(p.kind === 'run' && p.steps, [verify(LINUX, 101), start(LINUX, 101), network(LINUX, 101)]);
  });

  for (const current of SEED_NAMES) {
    it(`does nothing, and says so, when ${current} is already the current mode`, () => {
      assert.deepEqual(switchTo(current, [current]), {
        kind: 'noop',
        action: 'switch',
        target: current,
        running: [current],
        reason: `already in ${current} mode`,
      });
    });
  }
});

describe('plan: switches refused before looking at compatibility', () => {
  it('refuses an unknown mode, listing the known ones', () => {
    const p = switchTo('linux', [LINUX]);
    assert.deepEqual(p.kind === 'refused' && p.refusals, [{ kind: 'unknown-mode', mode: 'linux', known: [...SEED_NAMES] }]);
  });

  it('refuses a mode whose VM does not exist on the node', () => {
    const p = switchTo(WINDOWS, [LINUX], { missing: [WINDOWS] });
    assert.deepEqual(p.kind === 'refused' && p.refusals, [{ kind: 'vm-missing', mode: WINDOWS, vmid: 102 }]);
  });

  it('refuses when the state of a managed VM is unknown, naming it', () => {
    const p = switchTo(NOGPU, [LINUX], { unknown: [WINDOWS] }, true);
    assert.deepEqual(p.kind === 'refused' && p.refusals, [{ kind: 'state-unknown', vmid: 102, name: WINDOWS }]);
  });
});

describe('plan: a running GPU holder that Morpheus does not manage', () => {
  for (const target of [LINUX, WINDOWS, SHARED]) {
    it(`refuses ${target} with VM 105's id, even with --force`, () => {
      const p = switchTo(target, [NOGPU], { unmanagedRunning: true }, true);
      assert.deepEqual(p.kind === 'refused' && p.refusals, [
        { kind: 'unmanaged-holder', vmid: 105, name: 'oldgaming', detail: `both pass through PCI device ${GPU}` },
      ]);
    });
  }

  it('lets nimsforestnogpu start next to it', () => {
    const p = switchTo(NOGPU, [], { unmanagedRunning: true });
    assert.deepEqual(p.kind === 'run' && p.steps, [start(NOGPU, 103), network(NOGPU, 103)]);
  });

  it('names nimsforestnogpu as the only alternative', () => {
    const p = switchTo(WINDOWS, [], { unmanagedRunning: true });
    assert.deepEqual(p.kind === 'refused' && p.alternatives, [NOGPU]);
  });

  it("refuses a GPU mode while the holder's state is unknown, since it may be running", () => {
    const p = switchTo(WINDOWS, [NOGPU], { unmanagedRunning: 'unknown' });
    assert.deepEqual(p.kind === 'refused' && p.refusals, [{ kind: 'state-unknown', vmid: 105, name: 'oldgaming' }]);
  });

  it("lets nimsforestnogpu start while the holder's state is unknown", () => {
    assert.equal(switchTo(NOGPU, [LINUX], { unmanagedRunning: 'unknown' }).kind, 'run');
  });
});
