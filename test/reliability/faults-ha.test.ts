import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { DEFAULT_SCENARIO } from '../../src/simulator/default-scenario';
import { inSequence } from '../support/in-sequence';
import { startHarness, type Harness } from '../support/harness';
import { MORPHEUS_GUARD_ONLY, runSwitch, runningVms, switchInput } from '../support/reliability';

// HA-managed guests: Proxmox answers start/shutdown with a quick hastart/hastop request task, and the
// LRM runs the real qmstart/qmshutdown 150 simulated seconds later (1.5 s at time scale 0.01).
const HA_DELAY_MS = 1_500;
const HA_VMS = new Set([101, 102]);
const scenario = {
  vms: DEFAULT_SCENARIO.vms?.map((vm) => (HA_VMS.has(vm.vmid) ? { ...vm, ha: true, behaviour: { ...vm.behaviour, ha_delay: 150 } } : vm)),
};

describe('HA-managed VMs, whose power requests only ask the HA stack', () => {
  let h: Harness;
  // Each test reads the host and the tasks the one before left.
  const step = inSequence();
  before(async () => {
    // The shutdown timeout leaves room for the HA delay, so the stop is graceful.
    h = await startHarness({
      scenario: { ...scenario, ...MORPHEUS_GUARD_ONLY },
      switchSection: 'switch:\n  shutdown_timeout: 10s\n  start_timeout: 20s\n  network_timeout: 5s',
    });
    await h.startWorker();
  });
  after(() => h.close());

  step('switches only once the target really runs and the old mode is really stopped', async () => {
    const r = await runSwitch(h, switchInput('windowsvrstreaming'));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.result.outcome, 'switched');
    // Done means done: at the moment the result arrives, Proxmox has the target running.
    assert.deepEqual(await runningVms(h), [102]);
    const step = (id: string) => r.result.steps.find((s) => s.id === id)!;
    assert.equal(step('stop:101').detail, undefined, 'a graceful stop, not a forced one');
    assert.ok(step('stop:101').durationMs! >= HA_DELAY_MS, `the stop ended after ${step('stop:101').durationMs} ms, before the HA stack stopped the VM`);
    assert.ok(step('start:102').durationMs! >= HA_DELAY_MS, `the start ended after ${step('start:102').durationMs} ms, before the HA stack started the VM`);
    assert.ok(r.result.network?.confirmed, 'the network wait saw the real guest');
  });

  step('told Proxmox through HA request tasks (hastop, hastart) and followed the real ones', async () => {
    const state = await h.sim.control.state();
    const vm = (id: number) => state.vms.find((v) => v.vmid === id)!;
    assert.equal(vm(101).status, 'stopped');
    assert.equal(vm(102).status, 'running');
    // The simulator runs in this process: its task table says who ran what.
    const tasks = [...h.sim.world.host.tasks.values()].map((t) => `${t.type}:${t.id} by ${t.caller.tokenName ? 'morpheus' : t.caller.user} ${t.exitstatus}`);
    assert.deepEqual(tasks, ['hastop:101 by morpheus OK', 'qmshutdown:101 by root@pam OK', 'hastart:102 by morpheus OK', 'qmstart:102 by root@pam OK']);
    const counts = await h.sim.control.requests();
    const posts = Object.entries(counts.endpoints)
      .filter(([k]) => k.startsWith('POST'))
      .map(([k, v]) => `${k} ${v.count}`);
    assert.deepEqual(
      posts,
      ['POST /nodes/{node}/qemu/{vmid}/status/shutdown 1', 'POST /nodes/{node}/qemu/{vmid}/status/start 1'],
      'one request each, no forced stop',
    );
  });

  step('switches between an HA guest and a plain one in both directions', async () => {
    for (const [target, vmid] of [
      ['nimsforestnogpu', 103],
      ['linuxvrstreaming', 101],
    ] as const) {
      const r = await runSwitch(h, switchInput(target));
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.deepEqual(await runningVms(h), [vmid]);
    }
  });

  step('never overlapped GPU holders: each one started after the previous one had really stopped', async () => {
    // The simulator's PCI guard is off here: an overlap Morpheus allowed would be recorded.
    const timeline = await h.sim.control.gpuTimeline();
    assert.deepEqual(timeline.overlaps, []);
    const intervals = [...timeline.intervals].sort((a, b) => a.from - b.from);
    assert.deepEqual(
      intervals.map((i) => i.vmid),
      [101, 102, 101],
    );
    for (let i = 1; i < intervals.length; i++) {
      const previous = intervals[i - 1]!;
      assert.ok(previous.to !== null && previous.to <= intervals[i]!.from, `VM ${intervals[i]!.vmid} started before VM ${previous.vmid} stopped`);
    }
  });
});
