import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProxmoxClient } from '../../../src/proxmox/client';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

describe('ProxmoxClient reads, over HTTPS against the simulator', () => {
  let sim: TestSimulator;
  let client: ProxmoxClient;
  before(async () => {
    sim = await startTestSimulator();
    client = sim.client();
  });
  after(() => sim.close());

  it('reads the version of the 9.0 persona', async () => {
    assert.deepEqual(await client.version(), { version: '9.0.3', release: '9.0', repoid: '025864202ebb6109' });
  });

  it('lists every VM of the node in one request', async () => {
    await sim.control.clearRequests();
    const vms = await client.listVms();
    assert.deepEqual(
      vms.map((v) => [v.vmid, v.name, v.status]),
      [
        [101, 'cachyos', 'running'],
        [102, 'windows', 'stopped'],
        [103, 'nimsforest', 'stopped'],
        [104, 'nimsforest-gpu', 'stopped'],
        [105, 'gpu-bench', 'stopped'],
      ],
    );
    assert.equal(typeof vms[0]?.pid, 'number');
    assert.equal(vms[1]?.pid, undefined);
    const requests = await sim.control.requests();
    assert.equal(requests.total, 1);
    assert.deepEqual(requests.endpoints['GET /nodes/{node}/qemu'], { count: 1, statuses: { '200': 1 } });
  });

  it('reads the live status of a running and a stopped VM', async () => {
    const running = await client.vmStatus(101);
    assert.equal(running.status, 'running');
    assert.equal(running.qmpstatus, 'running');
    assert.equal(running.agent, 1);
    assert.deepEqual(running.ha, { managed: 0 });
    assert.ok((running.uptime ?? 0) >= 3600, `uptime ${running.uptime}`);
    const stopped = await client.vmStatus(102);
    assert.equal(stopped.status, 'stopped');
    assert.equal(stopped.pid, undefined);
    assert.equal(stopped.uptime, 0);
  });

  it('reads a VM config with its passthrough, memory as a string and a digest', async () => {
    const config = await client.vmConfig(101);
    assert.equal(config['hostpci0'], '0000:01:00,pcie=1,x-vga=1');
    assert.equal(config['memory'], '32768');
    assert.equal(config['cores'], 12);
    assert.match(String(config['digest']), /^[0-9a-f]{40}$/);
  });

  it("lists the host's PCI devices with lowercase hex ids", async () => {
    const devices = await client.pciDevices();
    assert.deepEqual(
      devices.map((d) => d.id),
      ['0000:00:1f.3', '0000:01:00.0', '0000:01:00.1', '0000:02:00.0', '0000:03:00.0'],
    );
    const gpu = devices[1]!;
    assert.equal(gpu.vendor, '0x10de');
    assert.equal(gpu.device_name, 'AD102 [GeForce RTX 4090]');
    assert.equal(gpu.iommugroup, 14);
  });

  it('reads the node status', async () => {
    const status = await client.nodeStatus();
    assert.equal(status.pveversion, 'pve-manager/9.0.3/025864202ebb6109');
    assert.deepEqual(status.loadavg, ['0.12', '0.20', '0.18']);
    assert.ok(status.uptime >= 7 * 86_400);
    assert.ok((status.memory?.total ?? 0) > (status.memory?.used ?? Infinity));
  });

  it('answers reads through the /nodes/localhost alias', async () => {
    const local = sim.client({ node: 'localhost' });
    assert.equal((await local.vmStatus(101)).status, 'running');
  });
});
