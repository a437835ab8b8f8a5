import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { observeHost } from '../../../src/host/observe-host';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput, type SwitchResult } from '../../../src/contract/switch';
import { describeHarness } from '../../support/harness';

// The Proxmox requests of one switch (one stop, one start) as the worker sends them, pinned. Guests
// that shut down, start and boot in no time make the count deterministic: every wait ends by its
// first probe, whatever the machine's load, both before the worker has learnt how long waits take
// (the first switch) and after (the second). Slower guests add probes, never other requests.
const instant = { shutdown_duration: 0, start_duration: 0, boot_duration: 0, stop_duration: 0 };
const scenario = { vms: (DEFAULT_SCENARIO.vms ?? []).map((vm) => ({ ...vm, behaviour: { ...vm.behaviour, ...instant } })) };

/** Each of the default scenario's five VMs' config is read once: by the observation. The GPU check reuses it. */
const CONFIG_READS = { '101': 1, '102': 1, '103': 1, '104': 1, '105': 1 };

const ONE_STOP_ONE_START = {
  // The observation and the GPU check.
  'GET /nodes/{node}/qemu': 2,
  'GET /nodes/{node}/qemu/{vmid}/config': 5,
  'POST /nodes/{node}/qemu/{vmid}/status/shutdown': 1,
  'POST /nodes/{node}/qemu/{vmid}/status/start': 1,
  // The shutdown task (its end is the VM off) and the start task (its end is the VM running).
  'GET /nodes/{node}/tasks/{upid}/status': 2,
  'GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces': 1,
};

/** The worker reads the host's PCI list (to name the target's GPU in the result) once per 10 minutes. */
const PCI_LIST = 'GET /nodes/{node}/hardware/pci';

describe('Proxmox requests per switch', () => {
  const t = describeHarness({ scenario });

  const counted = async (target: string, observed?: SwitchInput['observed']) => {
    await t.h.sim.control.clearRequests();
    const input: SwitchInput = { action: 'switch', target, force: false, requestedBy: 'test', ...(observed && { observed }) };
    const result = await t.h.client.workflow.execute<(i: SwitchInput) => Promise<SwitchResult>>(SWITCH_WORKFLOW_TYPE, {
      workflowId: switchWorkflowId(t.h.config.proxmox.node),
      taskQueue: t.h.config.temporal.task_queue,
      args: [input],
    });
    assert.equal(result.outcome, 'switched');
    const requests = await t.h.sim.control.requests();
    const endpoints = Object.fromEntries(Object.entries(requests.endpoints).map(([k, v]) => [k, v.count]));
    return { result, total: requests.total, endpoints, configReads: requests.byVm['GET /nodes/{node}/qemu/{vmid}/config'] };
  };

  it('sends 12 requests for linux → windows, reading each config once, before any wait was learnt, and the PCI list once', async () => {
    const r = await counted('windowsvrstreaming');
    assert.deepEqual(r.endpoints, { ...ONE_STOP_ONE_START, [PCI_LIST]: 1 });
    assert.deepEqual(r.configReads, CONFIG_READS);
    assert.equal(r.total, 13);
    assert.equal(r.result.gpu, 'NVIDIA GeForce RTX 4090');
  });

  it('sends the same 12 for windows → linux, and again once the waits of both VMs are learnt', async () => {
    for (const target of ['linuxvrstreaming', 'windowsvrstreaming', 'linuxvrstreaming']) {
      const r = await counted(target);
      assert.deepEqual(r.endpoints, ONE_STOP_ONE_START, `switch to ${target}`);
      assert.deepEqual(r.configReads, CONFIG_READS, `switch to ${target}`);
      assert.equal(r.result.gpu, 'NVIDIA GeForce RTX 4090');
    }
  });

  it('reads no config at all when the requester sends the observation it planned on, unless that is over a minute old', async () => {
    const snapshot = await observeHost(t.h.sim.client());
    const fresh = await counted('windowsvrstreaming', { at: Date.now(), snapshot });
    assert.equal(fresh.endpoints['GET /nodes/{node}/qemu/{vmid}/config'], undefined);
    assert.equal(fresh.total, 7);
    assert.equal('observed' in fresh.result.input, false, 'the result does not echo the observation');
    const stale = await counted('linuxvrstreaming', { at: Date.now() - 120_000, snapshot: await observeHost(t.h.sim.client()) });
    assert.deepEqual(stale.configReads, CONFIG_READS);
  });
});
