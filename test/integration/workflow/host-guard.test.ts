import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput } from '../../../src/contract/switch';
import { describeHarness } from '../../support/harness';
import { inSequence } from '../../support/in-sequence';

const input: SwitchInput = { action: 'switch', target: 'windowsvrstreaming', force: false, requestedBy: 'test' };

describe("a worker only acts for its own host's switch", () => {
  const t = describeHarness();
  // The second test reads the host the first one must have left untouched.
  const step = inSequence();

  /** Starts the switch workflow under `workflowId` on this worker's queue and returns its failure. */
  async function failureOf(workflowId: string): Promise<{ message: string; causeType: string | undefined; hint: string | undefined }> {
    const handle = await t.h.client.workflow.start(SWITCH_WORKFLOW_TYPE, { workflowId, taskQueue: t.h.config.temporal.task_queue, args: [input] });
    try {
      await handle.result();
    } catch (err) {
      assert.ok(err instanceof WorkflowFailedError, String(err));
      const failure = err.cause as ApplicationFailure;
      const details = failure.details?.[0] as { causeType?: string; hint?: string } | undefined;
      return { message: failure.message, causeType: details?.causeType, hint: details?.hint };
    }
    assert.fail(`${workflowId} completed`);
  }

  step("refuses another host's switch that reached it through a shared task queue, doing nothing", async () => {
    await t.h.sim.control.clearRequests();
    const f = await failureOf(switchWorkflowId('pve-elsewhere'));
    assert.equal(f.causeType, 'WrongHostError');
    assert.match(
      f.message,
      new RegExp(
        `this worker serves host ${t.h.config.proxmox.node} \\(workflow morpheus-switch-${t.h.config.proxmox.node}\\), not morpheus-switch-pve-elsewhere; observe did nothing`,
      ),
    );
    assert.match(f.hint ?? '', /share the task queue "[^"]+": give each host its own temporal\.task_queue/);
    assert.deepEqual(await t.h.sim.control.requests().then((r) => r.total), 0);
  });

  step('refuses a switch started under an id that escapes the per-host serialization', async () => {
    const f = await failureOf('my-own-switch');
    assert.equal(f.causeType, 'WrongHostError');
    assert.match(f.hint ?? '', new RegExp(`start switches with the workflow id morpheus-switch-${t.h.config.proxmox.node}`));
    const state = await t.h.sim.control.state();
    assert.deepEqual(
      state.vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [101],
    );
  });

  it('names the real cause when a Temporal Schedule started the switch workflow directly (the fire time is appended to its id)', async () => {
    const f = await failureOf(`${switchWorkflowId(t.h.config.proxmox.node)}-2026-12-04T18:00:00Z`);
    assert.equal(f.causeType, 'WrongHostError');
    assert.match(
      f.hint ?? '',
      /a Temporal Schedule started modeSwitchWorkflow directly, and schedules append the fire time to the workflow id; let it start scheduledSwitchWorkflow instead, as `morpheus schedule add` does/,
    );
    assert.doesNotMatch(f.hint ?? '', /share the task queue/);
  });
});
