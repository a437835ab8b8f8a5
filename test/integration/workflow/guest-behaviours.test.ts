import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliHarness } from '../../support/cli';
import { eventually } from '../../support/eventually';
import { inSequence } from '../../support/in-sequence';

describe('guests that do not cooperate', () => {
  const t = cliHarness({ switchSection: 'switch:\n  shutdown_timeout: 1s\n  start_timeout: 20s\n  network_timeout: 1s' });
  const { morpheus } = t;
  // Each test starts from the host the one before left.
  const step = inSequence();

  step('force-stops a guest that ignores ACPI after the shutdown timeout, visibly in the history', async () => {
    await t.h.sim.control.patchVm(101, { behaviour: { ignores_acpi: true } });
    const r = await morpheus('mode', 'switch', 'windowsvrstreaming');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Shutting down linuxvrstreaming \(VM 101\)\.\.\. ✓ \(\d+(\.\d)?s\) — forced stop after 1s timeout/);
    const latest = await t.h.client.workflow.getHandle(`morpheus-switch-${t.h.config.proxmox.node}`).fetchHistory();
    const types = (latest.events ?? []).map((e) => String(e.eventType));
    assert.ok(
      types.some((t) => t.includes('TIMER_FIRED') || t === '18'),
      `no TimerFired in ${types.join(',')}`,
    );
    const scheduled = (latest.events ?? []).flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
    );
    assert.ok(scheduled.includes('forceStop'), `no forceStop activity in ${scheduled.join(',')}`);
    await t.h.sim.control.patchVm(101, { behaviour: { ignores_acpi: false } });
  });

  step('after a forced stop, waits for the cancelled shutdown wait to settle before it goes on', async () => {
    // The wait cannot end by itself here (Proxmox never answers about the shutdown task), so it ends
    // when it hears of its cancellation. Were the switch to go on without it, that late end could land
    // during the run's last workflow task: Temporal fails that task and runs it (and its metrics) again.
    await t.h.sim.control.patchVm(102, { behaviour: { ignores_acpi: true } });
    await t.h.sim.control.setFaults({ hold: true, paths: 'qmshutdown.*/status$' });
    const r = await morpheus('mode', 'switch', 'linuxvrstreaming').finally(async () => {
      await t.h.sim.control.setFaults({});
      await t.h.sim.control.patchVm(102, { behaviour: { ignores_acpi: false } });
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /forced stop after 1s timeout/);
    const events = (await t.h.client.workflow.getHandle(`morpheus-switch-${t.h.config.proxmox.node}`).fetchHistory()).events ?? [];
    const scheduledAt = (activity: string) => events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activity);
    const wait = events[scheduledAt('shutdownAndWait')]?.eventId;
    // Cancelled, not ended otherwise: had the hold missed, the wait could have seen the VM off by itself, and early.
    const waitCancelledAt = events.findIndex((e) => String(e.activityTaskCanceledEventAttributes?.scheduledEventId) === String(wait));
    assert.ok(waitCancelledAt >= 0, 'the shutdown wait was cancelled, and that is in the run');
    assert.ok(
      waitCancelledAt < scheduledAt('startAndVerify'),
      `the shutdown wait settled (event ${waitCancelledAt}) before the start was scheduled (event ${scheduledAt('startAndVerify')})`,
    );
    assert.ok(!events.some((e) => e.workflowTaskFailedEventAttributes), 'no workflow task failed');
  });

  step('succeeds without a guest agent and says the network was not confirmed, without hanging', async () => {
    await t.h.sim.control.patchVm(103, { behaviour: { agent_installed: false } });
    const started = Date.now();
    const r = await morpheus('mode', 'switch', 'nimsforestnogpu');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✅ Now in nimsforestnogpu mode\n {3}IP: network not confirmed within 1s \(the guest agent is not running\)/);
    assert.ok(Date.now() - started < 30_000);
  });

  step('says so when the VM has no guest agent configured at all', async () => {
    await t.h.sim.control.patchVm(102, { config: { agent: null } });
    const r = await morpheus('mode', 'switch', 'windowsvrstreaming');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /IP: no QEMU guest agent configured for this VM/);
  });

  step('restores the previous mode when the target fails to start, and reports both outcomes', async () => {
    await t.h.sim.control.patchVm(101, { behaviour: { start_fails: 'start failed: QEMU exited with code 1' } });
    const r = await morpheus('mode', 'switch', 'linuxvrstreaming');
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /Starting linuxvrstreaming \(VM 101\)\.\.\. ✗/);
    assert.match(r.stdout, /❌ Switch to linuxvrstreaming failed: .*start failed: QEMU exited with code 1/);
    assert.match(r.stdout, /Rolled back: windowsvrstreaming running again/);
    const state = await t.h.sim.control.state();
    assert.deepEqual(
      state.vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [102],
    );
    await t.h.sim.control.patchVm(101, { behaviour: { start_fails: null } });
  });

  step('does not roll back with --no-rollback', async () => {
    await t.h.sim.control.patchVm(101, { behaviour: { start_fails: 'start failed: QEMU exited with code 1' } });
    const r = await morpheus('mode', 'switch', 'linuxvrstreaming', '--no-rollback', '--json');
    assert.equal(r.code, 4, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as { outcome: string; error: { rollback: unknown; type: string } };
    assert.equal(out.outcome, 'failed');
    assert.equal(out.error.rollback, null);
    const state = await t.h.sim.control.state();
    assert.deepEqual(
      state.vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [],
    );
    await t.h.sim.control.patchVm(101, { behaviour: { start_fails: null } });
  });

  step('refuses a GPU mode while an unmanaged VM holding the GPU runs, naming its VMID, and never tries', async () => {
    await t.h.sim.control.clearRequests();
    // Someone starts VM 105 from the Proxmox UI.
    await t.h.sim.client().startVm(105);
    await eventually(async () => ((await t.h.sim.control.state()).vms.find((v) => v.vmid === 105)?.status === 'running' ? true : undefined), {
      what: 'VM 105 to run',
    });
    await t.h.sim.control.clearRequests();
    const r = await morpheus('mode', 'switch', 'linuxvrstreaming');
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /VM 105 \(gpu-bench\) is running and not managed by Morpheus: both pass through PCI device 0000:01:00\n/);
    assert.match(r.stdout, /Shut down VM 105 in Proxmox first \(Morpheus does not manage it\), or use nimsforestnogpu instead\./);
    const counts = await t.h.sim.control.requests();
    assert.equal(Object.keys(counts.endpoints).filter((k) => k.startsWith('POST')).length, 0);
  });

  // Proxmox's PCI guard is on here, so an overlap cannot happen: a refusal is how Morpheus trying one would show.
  it('never made Proxmox refuse a start: it never tried to start a second GPU holder', async () => {
    assert.deepEqual((await t.h.sim.control.gpuTimeline()).refusals, []);
  });
});
