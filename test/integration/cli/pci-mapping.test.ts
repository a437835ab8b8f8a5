import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitForTask } from '../../../src/proxmox/task-wait';
import { cliHarness } from '../../support/cli';
import { MAPPED_SCENARIO } from '../../support/mapped-scenario';

describe('GPU modes that pass the GPU through a cluster PCI mapping', () => {
  const t = cliHarness({ scenario: MAPPED_SCENARIO });
  const { morpheus } = t;
  /** The lab as it starts (linuxvrstreaming running), so each test reads only what it did. */
  const freshHost = () => t.h.sim.control.reset({ ...MAPPED_SCENARIO, node: t.h.sim.node });

  it('sees the unmanaged VM naming the raw address as a GPU holder, and names the mapped GPU', async () => {
    const list = await morpheus('mode', 'list', '--json');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      (JSON.parse(list.stdout) as { unmanaged_gpu_holders: { vmid: number }[] }).unmanaged_gpu_holders.map((u) => u.vmid),
      [105],
    );
    const status = await morpheus('mode', 'status', '--json');
    assert.equal(status.code, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { current: { gpu: { name: string } }[] }).current[0]?.gpu.name, 'NVIDIA GeForce RTX 4090');
  });

  it('refuses a GPU mode while that VM runs, before Proxmox has to', async () => {
    await freshHost();
    const away = await morpheus('mode', 'switch', 'nimsforestnogpu');
    assert.equal(away.code, 0, away.stdout + away.stderr);
    // Someone starts VM 105 from the Proxmox UI: the mapped GPU is free, so Proxmox lets it.
    const client = t.h.sim.client();
    await waitForTask(client, await client.startVm(105), { timeoutMs: 10_000 });
    await t.h.sim.control.clearRequests();
    const r = await morpheus('mode', 'switch', 'linuxvrstreaming');
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /VM 105 \(gpu-bench\) is running and not managed by Morpheus: both pass through PCI device 0000:01:00(\.0)?\n/);
    const counts = await t.h.sim.control.requests();
    assert.deepEqual(
      Object.keys(counts.endpoints).filter((k) => k.startsWith('POST')),
      [],
    );
    await waitForTask(client, await client.stopVm(105), { timeoutMs: 10_000 });
  });

  it('switches between two mapped GPU modes, and Proxmox never has to refuse the start', async () => {
    await freshHost();
    const r = await morpheus('mode', 'switch', 'windowsvrstreaming');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Switching from linuxvrstreaming → windowsvrstreaming\.\.\./);
    assert.match(r.stdout, /✅ Now in windowsvrstreaming mode/);
    // Proxmox's PCI guard is on here: a refusal is how starting 102 before 101 let go of the mapped GPU would show.
    assert.deepEqual((await t.h.sim.control.gpuTimeline()).refusals, []);
  });
});
