import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { assertSafeRecovery, SHUTDOWN, STOP } from '../support/crash-checks';
import { inRounds, type CrashOutcome } from '../support/crash-fixture';
import { CrashFigures } from '../support/crash-figures';
import { activityRunning, both, timerFired, timerStarted } from '../support/kill-points';

// `kill -9` of the worker process at each moment of stopping the old mode, found from the run's own
// history and pending activities; a new worker process then finishes the switch. Every switch goes to
// windowsvrstreaming (VM 102) from linuxvrstreaming (VM 101, shutdown timeout 3 s) or nimsforestnogpu
// (VM 103, shutdown timeout 30 s). Each kill point has its own host and worker, so they run side by side.

const stopDetail = (o: CrashOutcome, vmid: number) => o.result.steps.find((s) => s.id === `stop:${vmid}`)?.detail;

describe('killing the worker with -9 while the old mode is being stopped', { concurrency: true }, () => {
  const figures = new CrashFigures('crash-worker-stop');
  after(() => figures.report());

  it('finishes the switch when the worker dies during the ACPI shutdown request', () =>
    inRounds(1, async (f, d) => {
      // Every Proxmox answer takes 1.5 s, so shutdownAndWait (the POST, then a poll of its task) lasts 3 s.
      const o = await f.crashSwitch({ from: 103, latencyMs: 1_500, guests: { 103: { behaviour: { shutdown_duration: d.jitter(0.5) } } } }, activityRunning('shutdownAndWait'), d.offset(2_500));
      assertSafeRecovery(o, figures, 'ACPI shutdown request');
      // Sending ACPI again is harmless; a guest that powers off needs no forced stop.
      assert.ok(o.count(SHUTDOWN) >= 1 && o.count(SHUTDOWN) <= 2, `shutdown requests: ${o.count(SHUTDOWN)}`);
      assert.equal(o.count(STOP), 0);
    }));

  it('finishes the switch when the worker dies while it waits for the guest to power off', () =>
    inRounds(2, async (f, d) => {
      // The durable 30 s timer runs on the server; the poller, retried on the new worker, sees the VM off first.
      const o = await f.crashSwitch({ from: 103, guests: { 103: { behaviour: { shutdown_duration: d.jitter(4) } } } }, both(timerStarted, activityRunning('shutdownAndWait')), d.offset(3_000));
      assertSafeRecovery(o, figures, 'shutdown wait');
      assert.equal(o.count(STOP), 0, 'the guest shut down gracefully; no forced stop');
      assert.equal(stopDetail(o, 103), undefined);
    }));

  it('does not report a forced stop when the worker died during the wait and the timer won against a guest that powered off', () =>
    inRounds(3, async (f, d) => {
      // The 3 s timer starts with the ACPI request; the guest is off after 2 s, but nobody polls it (the
      // poller died, and its retry waits for the 10 s heartbeat timeout), so the timer fires first.
      const o = await f.crashSwitch({ from: 101, guests: { 101: { behaviour: { shutdown_duration: d.jitter(2, 0.2) } } } }, both(timerStarted, activityRunning('shutdownAndWait')), d.offset(500));
      assertSafeRecovery(o, figures, 'shutdown wait, timer won');
      assert.equal(o.count(STOP), 0, 'no forced stop was sent');
      assert.equal(stopDetail(o, 101), 'found stopped after the 3s timeout; no forced stop needed');
    }));

  it('force-stops once when the worker dies right after the shutdown timer fired', () =>
    inRounds(4, async (f, d) => {
      const o = await f.crashSwitch({ from: 101, guests: { 101: { behaviour: { ignores_acpi: true } } } }, timerFired, d.offset(300));
      assertSafeRecovery(o, figures, 'timer fired');
      assert.equal(o.count(STOP), 1, 'one forced stop');
      assert.equal(stopDetail(o, 101), 'forced stop after 3s timeout');
    }));

  it('waits for the forced stop already issued instead of sending another when the worker dies during it', () =>
    inRounds(5, async (f, d) => {
      // 1 s per Proxmox answer makes the 1 s stop task outlast the poll that would see it end.
      const o = await f.crashSwitch({ from: 101, latencyMs: 1_000, guests: { 101: { behaviour: { ignores_acpi: true } } } }, activityRunning('forceStop', { issuedTask: true }), d.offset(500));
      assertSafeRecovery(o, figures, 'forced stop');
      assert.equal(o.count(STOP), 1, 'the retried forceStop resumed the task of the killed attempt');
      assert.equal(stopDetail(o, 101), 'forced stop after 3s timeout');
    }));

  it('finishes the switch when the worker dies while it verifies that an HA-managed VM stopped', () =>
    inRounds(6, async (f, d) => {
      // HA: the stop request is a quick task and the real stop follows seconds later, so the forced stop
      // (the 3 s timer wins against the 8 s HA shutdown) polls the VM's status until it is off.
      const o = await f.crashSwitch(
        { from: 101, guests: { 101: { ha: true, behaviour: { shutdown_duration: d.jitter(6, 0.2), ha_delay: 2 } } } },
        activityRunning('forceStop', { issuedTask: true }),
        d.offset(2_500),
      );
      assertSafeRecovery(o, figures, 'stop verification');
      assert.equal(o.count(STOP), 1);
    }));
});
