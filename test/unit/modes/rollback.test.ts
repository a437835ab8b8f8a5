import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plan, rollbackSteps } from '../../../src/modes/planner';
import type { HostSnapshot } from '../../../src/modes/types';
import { simulate } from './check';
import { LINUX, NOGPU, SHARED, seedModes, snapshot } from './fixtures';
import { seedCases } from './enumerate';
import { physicallyPossible } from './oracle';

const modes = seedModes();

describe('rollbackSteps', () => {
  it('brings back a stopped VR mode after checking the GPU, without waiting for its network', () => {
    assert.deepEqual(rollbackSteps([LINUX], modes, snapshot()), [
      { kind: 'verify-gpu-free', mode: LINUX, vmid: 101 },
      { kind: 'start', mode: LINUX, vmid: 101, startTimeoutMs: 120_000 },
    ]);
  });

  it('brings back nimsforestnogpu without a GPU check', () => {
    assert.deepEqual(rollbackSteps([NOGPU], modes, snapshot()), [{ kind: 'start', mode: NOGPU, vmid: 103, startTimeoutMs: 120_000 }]);
  });

  it("restarts several stopped modes in the config's order, whatever order they are given in", () => {
    assert.deepEqual(
      rollbackSteps([SHARED, NOGPU], modes, snapshot()).map((s) => `${s.kind} ${s.mode}`),
      [`start ${NOGPU}`, `verify-gpu-free ${SHARED}`, `start ${SHARED}`],
    );
  });

  it('has nothing to do when nothing was stopped, and ignores names that are not modes', () => {
    assert.deepEqual(rollbackSteps([], modes, snapshot()), []);
    assert.deepEqual(rollbackSteps(['ghost'], modes, snapshot()), []);
  });

  // After a switch stopped the running modes and the target failed to start (and is not running),
  // rolling back must restore exactly what ran, safely. Only states the host can really be in count.
  it('restores what ran before every switch of the seed host that stops something', () => {
    let checked = 0;
    for (const c of seedCases('switch')) {
      const p = plan(c.modes, c.snapshot, c.request);
      const up = c.snapshot.vms.filter((v) => v.status === 'running');
      if (p.kind !== 'run' || !physicallyPossible(modes, c.snapshot)) continue;
      const stopped = p.steps.filter((s) => s.kind === 'stop').map((s) => s.mode);
      if (stopped.length === 0) continue;
      const after: HostSnapshot = {
        ...c.snapshot,
        vms: c.snapshot.vms.map((v) => (stopped.some((n) => modes.find((m) => m.name === n)!.vmid === v.vmid) ? { ...v, status: 'stopped' } : v)),
      };
      const steps = rollbackSteps(stopped, modes, after);
      const end = simulate({ ...p, steps }, modes, after);
      assert.ok(end.completed, `${c.title}: the rollback's GPU check fails`);
      assert.deepEqual([...end.running].sort(), up.map((v) => v.vmid).sort(), c.title);
      checked++;
    }
    assert.equal(checked, 40);
  });
});
