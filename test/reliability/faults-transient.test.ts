import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inSequence } from '../support/in-sequence';
import { startHarness, type Harness } from '../support/harness';
import { activitiesOf, MORPHEUS_GUARD_ONLY, runSwitch, runningVms, switchInput, type ActivityRecord } from '../support/reliability';
import { requestBound } from '../support/request-bound';

// 30% of API requests fail: 15% answer a transient error (500 "got no worker upid" on POSTs, 595,
// 596), and 15% of all requests (0.15 / 0.85 of the rest) lose their connection, half of them after
// the request took effect.
const FAULTS = { error_rate: 0.15, drop_rate: 0.15 / 0.85 };
const SWITCHES = [
  'windowsvrstreaming',
  'nimsforestnogpu',
  'nimsforestsharedgpu',
  'nimsforestnogpu',
  'linuxvrstreaming',
  'windowsvrstreaming',
  'linuxvrstreaming',
  'nimsforestnogpu',
];
const VMID: Record<string, number> = { linuxvrstreaming: 101, windowsvrstreaming: 102, nimsforestnogpu: 103, nimsforestsharedgpu: 104 };

interface Measured {
  readonly target: string;
  readonly ms: number;
  readonly requests: number;
  readonly bound: number;
  readonly terms: readonly string[];
  readonly injected: number;
  readonly errors: number;
  readonly drops: number;
  readonly activities: readonly ActivityRecord[];
}

describe('switches under 30% transient Proxmox faults (5xx, 595/596, dropped connections)', () => {
  let h: Harness;
  const measured: Measured[] = [];
  // The checks after the switches read what the switches measured.
  const step = inSequence();
  before(async () => {
    h = await startHarness({ scenario: MORPHEUS_GUARD_ONLY });
    await h.startWorker();
  });
  after(async () => {
    const sum = (f: (m: Measured) => number) => measured.reduce((n, m) => n + f(m), 0);
    const retried = sum((m) => m.activities.filter((a) => a.attempt > 1).length);
    console.log(
      `faults-transient: ${measured.length} switches, ${sum((m) => m.errors)} errors + ${sum((m) => m.drops)} drops injected, ${retried} activities retried; requests per switch ${measured.map((m) => `${m.requests}/${m.bound}`).join(', ')} (measured/bound); durations ${measured.map((m) => `${(m.ms / 1000).toFixed(1)}s`).join(', ')}`,
    );
    await h.close();
  });

  it('has the client read a GET again after a failure without a verdict, but never a 500 answer or a POST', async () => {
    const client = h.sim.client();
    const count = async (endpoint: string) => (await h.sim.control.requests()).endpoints[endpoint]?.count ?? 0;
    await h.sim.control.clearRequests();
    await h.sim.control.setFaults({ drop_rate: 1, paths: '^/version$' });
    await assert.rejects(client.version(), (err: Error & { retryable?: boolean }) => err.retryable === true);
    assert.equal(await count('GET /version'), 3, 'a dropped read is sent three times in all');
    await h.sim.control.setFaults({ error_rate: 1, paths: '/status/start$' });
    await assert.rejects(client.startVm(103), /Proxmox said (500|595|596)/);
    assert.equal(await count('POST /nodes/{node}/qemu/{vmid}/status/start'), 1, 'a write is sent once');
    await h.sim.control.setFaults({});
    // VM 103 is stopped: Proxmox's 500 "VM 103 is not running" is an answer, not a glitch.
    assert.deepEqual(await client.agentNetworkInterfaces(103), { kind: 'vm-not-running' });
    assert.equal(await count('GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces'), 1);
  });

  step('finishes every switch, with the target running and nothing else', async () => {
    await h.sim.control.setFaults(FAULTS);
    const vms = (await h.sim.control.state()).vms.length;
    for (const target of SWITCHES) {
      await h.sim.control.clearRequests();
      const r = await runSwitch(h, switchInput(target));
      const counts = await h.sim.control.requests();
      assert.ok(r.ok, `switch to ${target} failed: ${r.ok ? '' : r.message}`);
      assert.equal(r.result.outcome, 'switched', `switch to ${target}: ${r.result.outcome}`);
      // The control surface is never faulted: this is the simulator's own truth.
      assert.deepEqual(await runningVms(h), [VMID[target]], `after the switch to ${target}`);
      const activities = await activitiesOf(h, r.runId);
      // The host's VM count, from the simulator: observe and the GPU check read every VM's config.
      const { bound, terms } = requestBound(activities, r.ms, vms);
      measured.push({
        target,
        ms: r.ms,
        requests: counts.total,
        bound,
        terms,
        injected: counts.injected.errors + counts.injected.drops,
        errors: counts.injected.errors,
        drops: counts.injected.drops,
        activities,
      });
    }
    await h.sim.control.setFaults({});
  });

  step('injected errors and dropped connections in every switch', () => {
    assert.equal(measured.length, SWITCHES.length);
    for (const m of measured) assert.ok(m.injected > 0, `no fault hit the switch to ${m.target}`);
  });

  step('retried activities visibly in the history: later attempts carry the failure that caused them', () => {
    const retried = measured.flatMap((m) => m.activities.filter((a) => a.attempt > 1));
    assert.ok(retried.length > 0, 'no activity of any switch needed a second attempt');
    for (const a of retried) {
      assert.ok(a.lastFailure, `${a.type} attempt ${a.attempt} has no last failure`);
      assert.match(a.lastFailure, /No route to host|Connection timed out|start worker failed|cannot reach Proxmox/, `${a.type}: ${a.lastFailure}`);
    }
    for (const m of measured) for (const a of m.activities) assert.ok(a.attempt <= 8, `${a.type} took ${a.attempt} attempts`);
  });

  step('sent no request storm: every switch stays within its derived request bound', () => {
    for (const m of measured) assert.ok(m.requests <= m.bound, `switch to ${m.target}: ${m.requests} requests > bound ${m.bound} (${m.terms.join(', ')})`);
  });

  // The simulator's PCI guard is off here: an overlap Morpheus allowed would be recorded.
  it('never had two GPU holders at once, with only its own guard to prevent it', async () => {
    assert.deepEqual((await h.sim.control.gpuTimeline()).overlaps, []);
  });
});
