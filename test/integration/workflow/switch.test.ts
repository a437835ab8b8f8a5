import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput, type SwitchResult } from '../../../src/contract/switch';
import { describeHarness } from '../../support/harness';
import { inSequence } from '../../support/in-sequence';

const input = (target: string, action: SwitchInput['action'] = 'switch'): SwitchInput => ({ action, target, force: false, requestedBy: 'test' });

describe('mode switch workflow against the simulator', () => {
  const t = describeHarness();
  const step = inSequence();

  const run = (i: SwitchInput) =>
    t.h.client.workflow.execute<(i: SwitchInput) => Promise<SwitchResult>>(SWITCH_WORKFLOW_TYPE, {
      workflowId: switchWorkflowId(t.h.config.proxmox.node),
      taskQueue: t.h.config.temporal.task_queue,
      args: [i],
    });

  step('switches from linuxvrstreaming to windowsvrstreaming as the seed shows', async () => {
    const result = await run(input('windowsvrstreaming'));
    assert.equal(result.outcome, 'switched');
    assert.deepEqual(result.from, ['linuxvrstreaming']);
    assert.deepEqual(
      result.steps.map((s) => s.label),
      [
        'Observing the host',
        'Shutting down linuxvrstreaming (VM 101)',
        'Checking the GPU is free',
        'Starting windowsvrstreaming (VM 102)',
        'Waiting for network',
      ],
    );
    assert.ok(result.network?.confirmed);
    assert.equal(result.network.confirmed && result.network.address, '192.168.1.151');
    const state = await t.h.sim.control.state();
    assert.deepEqual(
      state.vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [102],
    );
  });

  step('is a no-op when the target is already the current mode', async () => {
    const result = await run(input('windowsvrstreaming'));
    assert.equal(result.outcome, 'noop');
    assert.equal(result.reason, 'already in windowsvrstreaming mode');
  });

  step('refuses the shared-GPU mode while a VR mode runs, changing nothing', async () => {
    await assert.rejects(run(input('nimsforestsharedgpu')), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      assert.match(String(err.cause?.message), /Cannot switch to nimsforestsharedgpu: Conflicts with: linuxvrstreaming, windowsvrstreaming \(running\)/);
      return true;
    });
    const state = await t.h.sim.control.state();
    assert.deepEqual(
      state.vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [102],
    );
  });

  // Proxmox's PCI guard is on here, so an overlap cannot happen: a refusal is how Morpheus trying one would show.
  it('never made Proxmox refuse a start: it never tried to start a second GPU holder', async () => {
    assert.deepEqual((await t.h.sim.control.gpuTimeline()).refusals, []);
  });
});
