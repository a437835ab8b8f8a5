import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plan } from '../../../src/modes/planner';
import type { ModeDef } from '../../../src/modes/types';
import { LINUX, NOGPU, SHARED, WINDOWS, mode, seedModes, snapshot } from './fixtures';

const modes = seedModes();
const request = (action: 'start' | 'stop', target: string, running: string[], force = false, unmanagedRunning = false) =>
  plan(modes, snapshot({ running, unmanagedRunning }), { action, target, force });

describe('plan: start', () => {
  it('starts nimsforestnogpu alongside a VR mode, without a GPU check', () => {
    assert.deepEqual(request('start', NOGPU, [LINUX]), {
      kind: 'run',
      action: 'start',
      target: NOGPU,
      running: [LINUX],
      steps: [
        { kind: 'start', mode: NOGPU, vmid: 103, startTimeoutMs: 120_000 },
        { kind: 'wait-network', mode: NOGPU, vmid: 103, network: { wait: 'agent', timeoutMs: 120_000 } },
      ],
    });
  });

  it('refuses windowsvrstreaming next to linuxvrstreaming, with the reasons', () => {
    const p = request('start', WINDOWS, [LINUX, NOGPU]);
    assert.deepEqual(p.kind === 'refused' && p.refusals, [
      {
        kind: 'incompatible',
        modes: [LINUX],
        details: ['windowsvrstreaming (exclusive) and linuxvrstreaming (exclusive) both need the GPU', 'both pass through PCI device 0000:01:00'],
      },
    ]);
  });

  it('still refuses nimsforestsharedgpu next to a VR mode with --force, since the GPU clash is physical', () => {
    const p = request('start', SHARED, [WINDOWS], true);
    assert.deepEqual(p.kind === 'refused' && p.refusals.map((r) => r.kind), ['incompatible']);
  });

  it('lets --force override a conflicts_with that is the only obstacle', () => {
    const guarded = modes.map((m): ModeDef => (m.name === NOGPU ? { ...m, conflictsWith: [LINUX] } : m));
    const host = snapshot({ running: [LINUX] });
    assert.equal(plan(guarded, host, { action: 'start', target: NOGPU }).kind, 'refused');
    assert.equal(plan(guarded, host, { action: 'start', target: NOGPU, force: true }).kind, 'run');
  });

  it('refuses a GPU mode while VM 105 holds the GPU, even with --force', () => {
    const p = request('start', LINUX, [NOGPU], true, true);
    assert.deepEqual(p.kind === 'refused' && p.refusals.map((r) => r.kind), ['unmanaged-holder']);
  });

  it('does nothing when the mode already runs', () => {
    assert.deepEqual(request('start', LINUX, [LINUX, NOGPU]), {
      kind: 'noop',
      action: 'start',
      target: LINUX,
      running: [LINUX, NOGPU],
      reason: 'linuxvrstreaming is already running',
    });
  });
});

describe('plan: stop', () => {
  it('stops only the named mode, gracefully, with its shutdown timeout', () => {
    const slow = modes.map((m): ModeDef => (m.name === LINUX ? { ...m, shutdownTimeoutMs: 180_000 } : m));
    assert.deepEqual(plan(slow, snapshot({ running: [LINUX, NOGPU] }), { action: 'stop', target: LINUX }), {
      kind: 'run',
      action: 'stop',
      target: LINUX,
      running: [LINUX, NOGPU],
      steps: [{ kind: 'stop', mode: LINUX, vmid: 101, shutdownTimeoutMs: 180_000 }],
    });
  });

  it('does nothing when the mode is not running', () => {
    assert.deepEqual(request('stop', SHARED, [LINUX]), {
      kind: 'noop',
      action: 'stop',
      target: SHARED,
      running: [LINUX],
      reason: 'nimsforestsharedgpu is not running',
    });
  });

  it('stops a mode while the unmanaged GPU holder runs', () => {
    assert.equal(request('stop', NOGPU, [NOGPU], false, true).kind, 'run');
  });
});

describe("plan: each mode's own timeouts and network wait", () => {
  const custom = [
    mode('vr', 101, 'exclusive', { shutdownTimeoutMs: 5_000, startTimeoutMs: 30_000, network: { wait: 'none' } }),
    mode('compute', 103, 'none', { network: { wait: 'tcp', host: '10.0.0.3', port: 22, timeoutMs: 45_000 } }),
  ];
  const host = snapshot({ modes: custom, running: ['vr'] });

  it("uses the stopped mode's shutdown timeout and the target's TCP wait", () => {
    const p = plan(custom, host, { action: 'switch', target: 'compute' });
    assert.deepEqual(p.kind === 'run' && p.steps, [
      { kind: 'stop', mode: 'vr', vmid: 101, shutdownTimeoutMs: 5_000 },
      { kind: 'start', mode: 'compute', vmid: 103, startTimeoutMs: 120_000 },
      { kind: 'wait-network', mode: 'compute', vmid: 103, network: { wait: 'tcp', host: '10.0.0.3', port: 22, timeoutMs: 45_000 } },
    ]);
  });

  it('does not wait for the network of a mode that waits for none', () => {
    const p = plan(custom, snapshot({ modes: custom, running: ['compute'] }), { action: 'switch', target: 'vr' });
    assert.deepEqual(p.kind === 'run' && p.steps.slice(1), [
      { kind: 'verify-gpu-free', mode: 'vr', vmid: 101 },
      { kind: 'start', mode: 'vr', vmid: 101, startTimeoutMs: 30_000 },
    ]);
  });
});
