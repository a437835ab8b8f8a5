import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { cliSetup, runCli, type CliRun } from '../support/cli';
import { eventually } from '../support/eventually';
import { startHarness, type Harness } from '../support/harness';
import { MORPHEUS_GUARD_ONLY, pendingWhen, runningVms, workflowIdOf } from '../support/reliability';
import { finishWhenUnderWay, HELD, type SimRequests } from '../support/simulator';
import type { GpuTimelineSnapshot } from '../../src/simulator/model/gpu-timeline';

/** Polls the simulator's own state (never faulted) until `vmid` has `status`. */
const simVmBecomes = (h: Harness, vmid: number, status: 'running' | 'stopped') =>
  eventually(async () => ((await h.sim.control.state()).vms.find((v) => v.vmid === vmid)?.status === status ? true : undefined), {
    what: `VM ${vmid} to be ${status}`,
  });

// The simulator's PCI guard is off: had Morpheus started VM 102 next to VM 105, the GPU timeline
// would show the overlap instead of Proxmox refusing it.
describe("a GPU VM started behind Morpheus's back in the middle of a switch", () => {
  let h: Harness;
  let r: CliRun;
  let failure: unknown;
  let running: number[];
  let requests: SimRequests;
  let timeline: GpuTimelineSnapshot;
  // The test ends linuxvrstreaming's shutdown itself: the timer must never decide.
  const SWITCH = 'switch:\n  shutdown_timeout: 1h\n  start_timeout: 20s\n  network_timeout: 5s';

  // The race, played once with every window held open; the tests below read what it left.
  before(async () => {
    h = await startHarness({ switchSection: SWITCH, scenario: MORPHEUS_GUARD_ONLY });
    await h.startWorker();
    const cli = cliSetup(h, { switchSection: SWITCH });
    // linuxvrstreaming takes ten hours to shut down, unless the test says otherwise.
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: HELD } });
    await h.sim.control.clearRequests();
    const run = runCli(cli.args('mode', 'switch', 'windowsvrstreaming'), cli.env, 120_000);

    // The ACPI request is out and the switch waits for VM 101 to power off, for as long as it takes.
    await pendingWhen(h, (a) => a.type === 'shutdownAndWait');
    // Its reads of the shutdown task get 595/596 (it keeps polling), so the moment between "VM 101 is
    // off" and the switch noticing is the test's.
    await h.sim.control.setFaults({ error_rate: 1, paths: '/tasks/[^/]*qmshutdown[^/]*101[^/]*/status$' });
    await finishWhenUnderWay(h.sim.control, 101);
    // Someone starts the unmanaged GPU VM 105 from the Proxmox UI: the device is free, so Proxmox agrees.
    await h.sim.client().startVm(105);
    await simVmBecomes(h, 105, 'running');
    await h.sim.control.setFaults({});

    r = await run;
    failure = await h.client.workflow
      .getHandle(workflowIdOf(h))
      .result()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    [running, requests, timeline] = await Promise.all([runningVms(h), h.sim.control.requests(), h.sim.control.gpuTimeline()]);
  });
  after(() => h?.close());

  it('is caught by the GPU-free check: the switch fails naming that VM (exit 4) and starts nothing', () => {
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /Shutting down linuxvrstreaming \(VM 101\)\.\.\. ✓/);
    assert.match(
      r.stdout,
      /❌ Switch to windowsvrstreaming failed: Checking the GPU is free failed: the GPU is not free: VM 105 \(gpu-bench\) is running: .*not starting windowsvrstreaming \(VM 102\)/,
    );
    // The rollback would start linuxvrstreaming on the GPU VM 105 now holds: its own GPU check refuses it.
    assert.match(r.stdout, /Rollback failed too: .*VM 105 \(gpu-bench\) is running/);
    assert.match(r.stdout, /Hint: something started a GPU VM behind Morpheus's back/);
  });

  it('failed the run with a GpuBusyError, after the check on live state', () => {
    assert.ok(failure instanceof WorkflowFailedError, `the run ended with ${String(failure)}`);
    const details = (failure.cause as { details?: unknown[] } | undefined)?.details?.[0] as { causeType?: string; failedStep?: string } | undefined;
    assert.equal(details?.causeType, 'GpuBusyError');
    assert.equal(details?.failedStep, 'Checking the GPU is free');
  });

  it('started nothing itself: the only start request was the one from behind its back', () => {
    assert.deepEqual(running, [105]);
    assert.equal(requests.endpoints['POST /nodes/{node}/qemu/{vmid}/status/start']?.count, 1);
  });

  it('never had two GPU holders at once, with only its own check to stop it', () => {
    assert.deepEqual(timeline.overlaps, []);
  });
});
