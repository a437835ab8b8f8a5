import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { cliSetup, runCli } from '../support/cli';
import { startHarness, type Harness } from '../support/harness';
import { pendingWhen, progressWhen, runningVms, stepRunning, workflowIdOf } from '../support/reliability';

/** Polls the simulator's own state (never faulted) until `vmid` has `status`. */
async function simVmBecomes(h: Harness, vmid: number, status: 'running' | 'stopped', timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await h.sim.control.state()).vms.find((v) => v.vmid === vmid)?.status === status) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`VM ${vmid} never became ${status}`);
}

describe("a GPU VM started behind Morpheus's back in the middle of a switch", () => {
  let h: Harness;
  let cli: ReturnType<typeof cliSetup>;
  const SWITCH = 'switch:\n  shutdown_timeout: 10s\n  start_timeout: 20s\n  network_timeout: 5s';
  before(async () => {
    h = await startHarness({ switchSection: SWITCH });
    await h.startWorker();
    cli = cliSetup(h, { switchSection: SWITCH });
    // linuxvrstreaming takes 1 s to shut down: the window in which the switch is at its stop step.
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 100 } });
    await h.sim.control.clearRequests();
  });
  after(() => h.close());

  it('is caught by the GPU-free check: the switch fails naming that VM (exit 4) and starts nothing', async () => {
    const run = runCli(cli.args('mode', 'switch', 'windowsvrstreaming'), cli.env);

    // The switch observed the host (VM 105 stopped), planned, and is now shutting linuxvrstreaming down.
    await progressWhen(h, stepRunning('Shutting down linuxvrstreaming (VM 101)'));
    // The ACPI request is out once the switch waits for the VM to power off.
    await pendingWhen(h, (a) => a.type === 'awaitStopped');
    // Hold the switch at that step: its status reads of VM 101 get 595/596 (it keeps polling), so the
    // moment between "VM 101 is off" and the switch noticing is ours, however fast the worker is.
    await h.sim.control.setFaults({ error_rate: 1, paths: '/qemu/101/status/current$' });
    await simVmBecomes(h, 101, 'stopped');
    // Someone starts the unmanaged GPU VM 105 from the Proxmox UI: the device is free, so Proxmox agrees.
    const ui = h.sim.client();
    await ui.startVm(105);
    await simVmBecomes(h, 105, 'running');
    await h.sim.control.setFaults({});

    const r = await run;
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /Shutting down linuxvrstreaming \(VM 101\)\.\.\. ✓/);
    assert.match(r.stdout, /❌ Switch to windowsvrstreaming failed: Checking the GPU is free failed: the GPU is not free: VM 105 \(gpu-bench\) is running: .*not starting windowsvrstreaming \(VM 102\)/);
    // The rollback would start linuxvrstreaming on the GPU VM 105 now holds: its own GPU check refuses it.
    assert.match(r.stdout, /Rollback failed too: .*VM 105 \(gpu-bench\) is running/);
    assert.match(r.stdout, /Hint: something started a GPU VM behind Morpheus's back/);
  });

  it('failed the run with a GpuBusyError, after the check on live state', async () => {
    const failure = await h.client.workflow.getHandle(workflowIdOf(h)).result().then(
      () => assert.fail('the run succeeded'),
      (err: unknown) => err,
    );
    assert.ok(failure instanceof WorkflowFailedError);
    const details = (failure.cause as { details?: unknown[] } | undefined)?.details?.[0] as { causeType?: string; failedStep?: string } | undefined;
    assert.equal(details?.causeType, 'GpuBusyError');
    assert.equal(details?.failedStep, 'Checking the GPU is free');
  });

  it('started nothing itself: the only start request was the one from behind its back', async () => {
    assert.deepEqual(await runningVms(h), [105]);
    const starts = (await h.sim.control.requests()).endpoints['POST /nodes/{node}/qemu/{vmid}/status/start'];
    assert.equal(starts?.count, 1);
  });

  it("never relied on Proxmox's own PCI refusal, and never had two GPU holders at once", async () => {
    const timeline = await h.sim.control.gpuTimeline();
    assert.deepEqual(timeline.refusals, []);
    assert.deepEqual(timeline.overlaps, []);
  });
});
