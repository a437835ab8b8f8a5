import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProxmoxClient } from '../../../src/proxmox/client';
import { waitForTask } from '../../../src/proxmox/task-wait';
import { finishWhenUnderWay, HELD, startTestSimulator, type TestSimulator } from '../../support/simulator';

describe('ProxmoxClient.agentNetworkInterfaces, over HTTPS against the simulator', () => {
  let sim: TestSimulator;
  let client: ProxmoxClient;
  before(async () => {
    sim = await startTestSimulator();
    client = sim.client();
  });
  after(() => sim.close());

  it("returns the guest's interfaces once the agent answers", async () => {
    const result = await client.agentNetworkInterfaces(101);
    assert.equal(result.kind, 'ok');
    assert.ok(result.kind === 'ok');
    const ens18 = result.interfaces.find((i) => i.name === 'ens18');
    assert.equal(ens18?.['hardware-address'], 'bc:24:11:00:01:01');
    assert.deepEqual(
      ens18?.['ip-addresses']?.map((a) => a['ip-address']),
      ['192.168.1.150', 'fe80::be24:11ff:fe00:1'],
    );
  });

  it('says "no agent configured" when the config has no agent key', async () => {
    await sim.control.patchVm(103, { config: { agent: null } });
    assert.deepEqual(await client.agentNetworkInterfaces(103), { kind: 'no-agent-configured' });
    await sim.control.patchVm(103, { config: { agent: '1' } });
  });

  it('says "VM not running" for a stopped VM', async () => {
    assert.deepEqual(await client.agentNetworkInterfaces(102), { kind: 'vm-not-running' });
  });

  it('says "agent not running", after the scaled 3 s ping, when qemu-ga is not installed', async () => {
    await sim.control.patchVm(101, { behaviour: { agent_installed: false } });
    const started = performance.now();
    assert.deepEqual(await client.agentNetworkInterfaces(101), { kind: 'agent-not-running' });
    assert.ok(performance.now() - started >= 29, `answered after ${performance.now() - started} ms`);
    await sim.control.patchVm(101, { behaviour: { agent_installed: true } });
  });

  it('says "agent not running" right after a start, then returns the address once the guest has booted', async () => {
    // The guest boots until the test says it is done, however slow the machine.
    await sim.control.patchVm(103, { behaviour: { boot_duration: HELD } });
    await waitForTask(client, await client.startVm(103), { timeoutMs: 5_000 });
    assert.deepEqual(await client.agentNetworkInterfaces(103), { kind: 'agent-not-running' });
    await finishWhenUnderWay(sim.control, 103);
    const result = await client.agentNetworkInterfaces(103);
    assert.ok(result.kind === 'ok', result.kind);
    assert.ok(result.interfaces.some((i) => i['ip-addresses']?.some((a) => a['ip-address'] === '192.168.1.152')));
  });
});
