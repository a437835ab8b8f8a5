import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { outcomeOf } from '../../../src/cli/switch-runs';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { SWITCH_WORKFLOW_TYPE, type StepRecord, type SwitchFailureDetails } from '../../../src/contract/switch';
import { cliSetup, runCli } from '../../support/cli';
import { eventually } from '../../support/eventually';
import { startHarness, type Harness } from '../../support/harness';
import { MORPHEUS_GUARD_ONLY, pendingWhen, runningVms, switchInput, workflowIdOf } from '../../support/reliability';
import { finishWhenUnderWay } from '../../support/simulator';

// Every window is held open through the simulator (a guest that takes ten hours to shut down or to
// boot, a request that gets no answer) until the test has asked for the cancellation. The PCI guard
// is off: only Morpheus keeps the GPU from two VMs.
const SWITCH = 'switch:\n  shutdown_timeout: 1h\n  start_timeout: 20s\n  network_timeout: 10m';

interface Cancelled {
  readonly message: string;
  readonly details: SwitchFailureDetails;
  readonly status: string;
}

/** How the run ended, as the CLI reads it: cancelled, with what was done from the run's memo. */
async function cancelledOutcome(handle: WorkflowHandle): Promise<Cancelled> {
  const o = await outcomeOf({ handle });
  assert.equal(o.kind, 'cancelled', JSON.stringify(o));
  assert.ok(o.kind === 'cancelled');
  return { message: o.message, details: o.details as SwitchFailureDetails, status: (await handle.describe()).status.name };
}

const steps = (d: SwitchFailureDetails) => d.steps.filter((s: StepRecord) => s.id !== 'observe').map((s) => `${s.label}: ${s.status}`);

/** Each test starts from the seed's host (VM 101 running) and no open run, whatever the one before left. */
async function freshHost(h: Harness): Promise<void> {
  // A run a failed test left open would make every later start fail with "already started".
  await h.client.workflow
    .getHandle(workflowIdOf(h))
    .terminate('the previous test left it open')
    .catch(() => undefined);
  await h.sim.control.reset({ ...DEFAULT_SCENARIO, ...MORPHEUS_GUARD_ONLY, node: h.config.proxmox.node, time_scale: 0.01 });
}

async function start(h: Harness, target = 'windowsvrstreaming'): Promise<WorkflowHandle> {
  return h.client.workflow.start(SWITCH_WORKFLOW_TYPE, { workflowId: workflowIdOf(h), taskQueue: h.config.temporal.task_queue, args: [switchInput(target)] });
}

describe('cancelling a switch', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ switchSection: SWITCH, scenario: MORPHEUS_GUARD_ONLY });
    await h.startWorker();
  });
  after(() => h?.close());

  it('before any change (while it observes the host): nothing is done, the run ends cancelled', async () => {
    await freshHost(h);
    await h.sim.control.setFaults({ hold: true, paths: '/qemu$' });
    const handle = await start(h);
    await pendingWhen(h, (a) => a.type === 'observe');
    await handle.cancel();
    await h.sim.control.setFaults({});
    const c = await cancelledOutcome(handle);
    assert.equal(c.status, 'CANCELLED');
    assert.equal(c.message, 'cancelled on request before any change');
    assert.deepEqual(steps(c.details), []);
    assert.deepEqual(await runningVms(h), [101]);
  });

  it('during a shutdown: the shutdown completes, nothing starts, and the rollback brings the stopped mode back', async () => {
    await freshHost(h);
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 36_000 } });
    const handle = await start(h);
    await pendingWhen(h, (a) => a.type === 'shutdownAndWait');
    await handle.cancel();
    // The cancellation does not cut the shutdown short: the guest was asked to power off and does.
    await finishWhenUnderWay(h.sim.control, 101);
    const c = await cancelledOutcome(handle);
    assert.match(c.message, /^cancelled on request after: Shutting down linuxvrstreaming \(VM 101\)$/);
    assert.deepEqual(c.details.rollback, { restored: ['linuxvrstreaming'] });
    assert.ok(!steps(c.details).some((s) => s.startsWith('Starting windowsvrstreaming')), steps(c.details).join('\n'));
    assert.deepEqual(await runningVms(h), [101]);
    const timeline = await h.sim.control.gpuTimeline();
    assert.deepEqual(timeline.overlaps, []);
  });

  it('during the GPU check: the check is abandoned, nothing starts, the rollback applies', async () => {
    await freshHost(h);
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 36_000 } });
    const handle = await start(h);
    await pendingWhen(h, (a) => a.type === 'shutdownAndWait');
    // The GPU check's read of the VM list gets no answer until the cancellation is in.
    await h.sim.control.setFaults({ hold: true, paths: '/qemu$' });
    await finishWhenUnderWay(h.sim.control, 101);
    await pendingWhen(h, (a) => a.type === 'verifyGpuFree');
    await handle.cancel();
    // The check's cancellation is in its history; the rollback's own GPU check may then wait on the hold.
    await eventually(async () => ((await handle.fetchHistory()).events?.some((e) => e.activityTaskCanceledEventAttributes) ? true : undefined), {
      what: 'the GPU check to be cancelled',
    });
    await h.sim.control.setFaults({});
    const c = await cancelledOutcome(handle);
    assert.ok(steps(c.details).includes('Checking the GPU is free: cancelled'), steps(c.details).join('\n'));
    assert.deepEqual(c.details.rollback, { restored: ['linuxvrstreaming'] });
    assert.deepEqual(await runningVms(h), [101]);
  });

  it('during the start: the start already issued completes and is reported; no rollback, no network wait', async () => {
    await freshHost(h);
    await h.sim.control.patchVm(102, { behaviour: { start_duration: 36_000 } });
    const handle = await start(h);
    await pendingWhen(h, (a) => a.type === 'startAndVerify');
    await handle.cancel();
    await finishWhenUnderWay(h.sim.control, 102);
    const c = await cancelledOutcome(handle);
    assert.match(c.message, /after: Shutting down linuxvrstreaming \(VM 101\); Checking the GPU is free; Starting windowsvrstreaming \(VM 102\)$/);
    assert.equal(c.details.rollback, undefined);
    assert.ok(!steps(c.details).some((s) => s.startsWith('Waiting for network')), steps(c.details).join('\n'));
    assert.deepEqual(await runningVms(h), [102]);
  });

  it('during the network wait, from the CLI: the wait stops at once, the target keeps running, `mode cancel` exits 0', async () => {
    await freshHost(h);
    // The switch waits for windowsvrstreaming's agent, which takes ten hours to answer.
    await h.sim.control.patchVm(102, { behaviour: { boot_duration: 36_000 } });
    const handle = await start(h);
    await pendingWhen(h, (a) => a.type === 'waitForNetwork');
    const cli = cliSetup(h, { switchSection: SWITCH });
    const r = await runCli(cli.args('mode', 'cancel'), cli.env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Waiting for network\.\.\. ⊘/);
    assert.match(r.stdout, /⊘ Switch to windowsvrstreaming cancelled on request after: .*Starting windowsvrstreaming \(VM 102\)/);
    const c = await cancelledOutcome(handle);
    assert.ok(steps(c.details).includes('Waiting for network: cancelled'), steps(c.details).join('\n'));
    assert.deepEqual(await runningVms(h), [102]);
  });

  it('says so, exit 0, when no switch is running', async () => {
    await freshHost(h);
    const cli = cliSetup(h, { switchSection: SWITCH });
    const r = await runCli(cli.args('mode', 'cancel'), cli.env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No switch is running on .*; nothing to cancel\./);
  });
});
