import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ProxmoxClient } from '../../../src/proxmox/client';
import { ProxmoxTaskFailedError } from '../../../src/proxmox/errors';
import { waitForTask } from '../../../src/proxmox/task-wait';
import { parseUpid } from '../../../src/proxmox/upid';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { rejectsWith } from '../../support/errors';
import { eventually } from '../../support/eventually';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

const WAIT = { timeoutMs: 5_000 };

describe('ProxmoxClient power actions, over HTTPS against the simulator', () => {
  let sim: TestSimulator;
  let client: ProxmoxClient;
  let secrets: string[];
  before(async () => {
    sim = await startTestSimulator();
    client = sim.client();
    secrets = sim.tokens.map((t) => t.secret);
  });
  beforeEach(() => sim.control.reset({ ...DEFAULT_SCENARIO, time_scale: 0.01 }));
  after(() => sim.close());

  it('starts a VM and waits for its task to end OK', async () => {
    const upid = await client.startVm(103, { timeoutS: 120 });
    const parsed = parseUpid(upid);
    assert.equal(parsed?.type, 'qmstart');
    assert.equal(parsed?.user, sim.token.id);
    const polls: string[] = [];
    const status = await waitForTask(client, upid, { ...WAIT, onPoll: (s) => polls.push(s.status) });
    assert.equal(status.exitstatus, 'OK');
    assert.equal(polls.at(-1), 'stopped');
    assert.equal((await client.vmStatus(103)).status, 'running');
  });

  it("reads a finished task's status and log", async () => {
    const upid = await client.startVm(103);
    await waitForTask(client, upid, WAIT);
    const status = await client.taskStatus(upid);
    assert.equal(status.upid, upid);
    assert.equal(status.node, 'pve');
    assert.equal(status.type, 'qmstart');
    assert.equal(status.id, '103');
    assert.equal(status.user, 'morpheus@pam');
    assert.equal(status.tokenid, 'morpheus-token');
    assert.equal(status.status, 'stopped');
    assert.equal(status.exitstatus, 'OK');
    assert.deepEqual(await client.taskLog(upid), [{ n: 1, t: 'TASK OK' }]);
  });

  it('shuts a VM down with a timeout and forceStop, as the form booleans 0/1', async () => {
    const upid = await client.shutdownVm(101, { timeoutS: 60, forceStop: true });
    assert.equal(parseUpid(upid)?.type, 'qmshutdown');
    await waitForTask(client, upid, WAIT);
    assert.equal((await client.vmStatus(101)).status, 'stopped');
  });

  it('kills a guest that ignores ACPI when forced, and logs the SIGTERM', async () => {
    await sim.control.patchVm(101, { behaviour: { ignores_acpi: true } });
    const upid = await client.shutdownVm(101, { timeoutS: 5, forceStop: true });
    await waitForTask(client, upid, WAIT);
    assert.deepEqual(
      (await client.taskLog(upid)).map((l) => l.t),
      ['VM still running - terminating now with SIGTERM', 'TASK OK'],
    );
  });

  it('fails the shutdown of a guest that ignores ACPI without forceStop, and the VM keeps running', async () => {
    await sim.control.patchVm(101, { behaviour: { ignores_acpi: true } });
    const upid = await client.shutdownVm(101, { timeoutS: 5, forceStop: false });
    const err = await rejectsWith(waitForTask(client, upid, WAIT), ProxmoxTaskFailedError, secrets);
    assert.equal(err.proxmoxMessage, 'VM quit/powerdown failed - got timeout');
    assert.equal(err.upid, upid);
    assert.equal(err.retryable, false);
    assert.equal((await client.vmStatus(101)).status, 'running');
  });

  it('stops a VM hard', async () => {
    const upid = await client.stopVm(101);
    assert.equal(parseUpid(upid)?.type, 'qmstop');
    await waitForTask(client, upid, WAIT);
    assert.equal((await client.vmStatus(101)).status, 'stopped');
    const timeline = await sim.control.gpuTimeline();
    assert.notEqual(timeline.intervals.find((i) => i.vmid === 101)?.to, null);
  });

  it('fails the start of a running VM with "already running"', async () => {
    const upid = await client.startVm(101);
    const err = await rejectsWith(waitForTask(client, upid, WAIT), ProxmoxTaskFailedError, secrets);
    assert.equal(err.proxmoxMessage, 'VM 101 already running');
    assert.equal(err.endpoint.vmid, 101);
  });

  it('starts an HA-managed VM through an hastart request, followed by a root@pam qmstart', async () => {
    await sim.control.reset({ time_scale: 0.01, vms: [{ vmid: 110, name: 'ha-guest', ha: true }] });
    const upid = await client.startVm(110);
    assert.equal(parseUpid(upid)?.type, 'hastart');
    await waitForTask(client, upid, WAIT);
    assert.deepEqual(
      (await client.taskLog(upid)).map((l) => l.t),
      ['Requesting HA start for VM 110', 'TASK OK'],
    );
    assert.deepEqual((await client.vmStatus(110)).ha, { managed: 1, state: 'started' });
    // The real qmstart follows the request after the HA delay.
    await eventually(async () => ((await client.vmStatus(110)).status === 'running' ? true : undefined), { timeoutMs: 10_000, what: 'VM 110 to run' });
    const state = await sim.control.state();
    assert.deepEqual(state.running_tasks, []);
  });

  it("records a GPU handover in the simulator's timeline: 101's interval closed before 102's opened, no overlap", async () => {
    await waitForTask(client, await client.shutdownVm(101, { timeoutS: 60, forceStop: true }), WAIT);
    await waitForTask(client, await client.startVm(102), WAIT);
    const timeline = await sim.control.gpuTimeline();
    assert.deepEqual(
      timeline.intervals.map((i) => [i.vmid, i.to === null]),
      [
        [101, false],
        [102, true],
      ],
    );
    const [first, second] = timeline.intervals;
    assert.ok(first!.to! <= second!.from, `VM 101 held the GPU until ${first!.to}, VM 102 from ${second!.from}`);
    assert.deepEqual(timeline.overlaps, []);
  });
});
