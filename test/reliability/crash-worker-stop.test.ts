import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { assertSafeRecovery, SHUTDOWN, STOP } from '../support/crash-checks';
import { inRounds, type CrashFixture, type CrashOutcome } from '../support/crash-fixture';
import { finishWhenUnderWay, HELD } from '../support/simulator';
import { CrashFigures } from '../support/crash-figures';
import { eventually } from '../support/eventually';
import { activityRunning, both, timerFired, timerStarted, viewRun, waitForPoint } from '../support/kill-points';

// `kill -9` of the worker process at each moment of stopping the old mode, found from the run's own
// history and pending activities; a new worker process then finishes the switch. Every switch goes to
// windowsvrstreaming (VM 102) from linuxvrstreaming (VM 101, shutdown timeout 3 s) or nimsforestnogpu
// (VM 103, shutdown timeout 60 s). Each kill point has its own host and worker, so they run side by
// side, and is held open (a step that lasts until the test ends it) so the kill lands in it on any machine.

const stopDetail = (o: CrashOutcome, vmid: number) => o.result.steps.find((s) => s.id === `stop:${vmid}`)?.detail;
/** Once the simulator holds a request (the step's Proxmox call is in flight and goes nowhere). */
const requestHeld = async (f: CrashFixture) => {
  await eventually(async () => ((await f.sim.control.requests()).held > 0 ? true : undefined), { what: 'the request to be held' });
};
const finish = (vmid: number) => async (f: CrashFixture) => {
  await finishWhenUnderWay(f.sim.control, vmid);
};
/**
 * Once the guest was asked to shut down. A running shutdown activity has not necessarily sent its
 * request yet: a kill before it would leave no shutdown to wait on, and nothing for `finish` to end.
 */
const shutdownAsked = (vmid: number) => async (f: CrashFixture) => {
  await eventually(async () => ((await f.sim.control.tasks()).some((t) => t.type === 'qmshutdown' && t.vmid === vmid) ? true : undefined), {
    what: `the shutdown of VM ${vmid} to be asked for`,
  });
};

describe('killing the worker with -9 while the old mode is being stopped', { concurrency: true }, () => {
  const figures = new CrashFigures('crash-worker-stop');
  after(() => figures.report());

  it('finishes the switch when the worker dies during the ACPI shutdown request', () =>
    inRounds(1, async (f, d) => {
      // The ACPI request is held unanswered until the kill, then dropped: it never reached the guest.
      const o = await f.crashSwitch({ from: 103, faults: { hold: true, paths: '/status/shutdown$' } }, activityRunning('shutdownAndWait'), {
        open: requestHeld,
        offsetMs: d.offset(2_500),
      });
      assertSafeRecovery(o, figures, 'ACPI shutdown request');
      // The new worker sends the request again; a guest that powers off needs no forced stop.
      assert.deepEqual(o.requests.endpoints[SHUTDOWN]?.statuses, { dropped: 1, 200: 1 });
      assert.equal(o.tasks('qmshutdown', 103), 1);
      assert.equal(o.count(STOP), 0);
    }));

  it('finishes the switch when the worker dies while it waits for the guest to power off', () =>
    inRounds(2, async (f, d) => {
      // The guest powers off after the kill; the durable 60 s timer runs on the server, and the poller,
      // retried on the new worker, sees the VM off first.
      const o = await f.crashSwitch(
        { from: 103, guests: { 103: { behaviour: { shutdown_duration: HELD } } } },
        both(timerStarted, activityRunning('shutdownAndWait')),
        { open: shutdownAsked(103), close: finish(103), offsetMs: d.offset(3_000) },
      );
      assertSafeRecovery(o, figures, 'shutdown wait');
      assert.equal(o.count(STOP), 0, 'the guest shut down gracefully; no forced stop');
      assert.equal(stopDetail(o, 103), undefined);
    }));

  it('does not report a forced stop when the worker died during the wait and the timer won against a guest that powered off', () =>
    inRounds(
      3,
      async (f, d) => {
        // VM 101 powers off only after the kill, and the new worker starts only once the 20 s timer
        // has fired: nobody polled, so the timer wins against a guest that is already off.
        const o = await f.crashSwitch(
          { from: 101, guests: { 101: { behaviour: { shutdown_duration: HELD } } } },
          both(timerStarted, activityRunning('shutdownAndWait')),
          {
            open: shutdownAsked(101),
            close: async (fx, handle) => {
              assert.ok(!timerFired.test(await viewRun(handle)), 'the machine was too slow: the 20 s shutdown timer fired before the kill');
              await finishWhenUnderWay(fx.sim.control, 101);
              await waitForPoint(handle, timerFired);
            },
            offsetMs: d.offset(500),
          },
        );
        assertSafeRecovery(o, figures, 'shutdown wait, timer won');
        assert.equal(o.count(STOP), 0, 'no forced stop was sent');
        assert.equal(stopDetail(o, 101), 'found stopped after the 20s timeout; no forced stop needed');
      },
      { shutdownTimeouts: { 101: '20s' } },
    ));

  it('force-stops once when the worker dies right after the shutdown timer fired', () =>
    inRounds(4, async (f, d) => {
      // The forced stop's request is held until the kill, then dropped: the new worker sends the only one that counts.
      const o = await f.crashSwitch(
        { from: 101, guests: { 101: { behaviour: { ignores_acpi: true } } }, faults: { hold: true, paths: '/status/stop$' } },
        both(timerFired, activityRunning('forceStop')),
        {
          open: requestHeld,
          offsetMs: d.offset(300),
        },
      );
      assertSafeRecovery(o, figures, 'timer fired');
      assert.equal(o.tasks('qmstop', 101), 1, 'one forced stop');
      assert.equal(stopDetail(o, 101), 'forced stop after 3s timeout');
    }));

  it('waits for the forced stop already issued instead of sending another when the worker dies during it', () =>
    inRounds(5, async (f, d) => {
      // The forced stop of VM 101 (which ignores ACPI) runs until the test ends it, after the kill.
      const o = await f.crashSwitch(
        { from: 101, guests: { 101: { behaviour: { ignores_acpi: true, stop_duration: HELD } } } },
        activityRunning('forceStop', { issuedTask: true }),
        {
          close: finish(101),
          offsetMs: d.offset(500),
        },
      );
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
        { offsetMs: d.offset(2_500) },
      );
      assertSafeRecovery(o, figures, 'stop verification');
      assert.equal(o.count(STOP), 1);
    }));
});
