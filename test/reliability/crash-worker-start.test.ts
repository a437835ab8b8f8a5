import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { assertSafeRecovery, START } from '../support/crash-checks';
import { inRounds } from '../support/crash-fixture';
import { finishWhenUnderWay, HELD } from '../support/simulator';
import { CrashFigures } from '../support/crash-figures';
import { activityRunning, waitForPoint } from '../support/kill-points';

// `kill -9` of the worker process at each moment of bringing the new mode up (GPU check, start,
// network), found from the run's own history and pending activities; a new worker process then
// finishes the switch to windowsvrstreaming (VM 102). Each kill point has its own host and worker, and
// is held open (a step that lasts until the test ends it) so the kill lands in it on any machine.

describe('killing the worker with -9 while the new mode is being started', { concurrency: true }, () => {
  const figures = new CrashFigures('crash-worker-start');
  after(() => figures.report());

  it('checks the GPU again, in a second attempt, and starts the target once when the worker dies during the GPU-free check', () =>
    inRounds(11, async (f, d) => {
      const o = await f.crashSwitch({ from: 103, guests: { 103: { behaviour: { shutdown_duration: HELD } } } }, activityRunning('verifyGpuFree'), {
        // Once the switch waits for VM 103 to power off, hold every VM-list read (verifyGpuFree's
        // first request), then let the guest go: the check starts and waits for its answer.
        open: async (fx, handle) => {
          await waitForPoint(handle, activityRunning('shutdownAndWait'));
          await fx.sim.control.setFaults({ hold: true, paths: '^/nodes/[^/]+/qemu$' });
          await finishWhenUnderWay(fx.sim.control, 103);
        },
        offsetMs: d.offset(2_500),
      });
      assertSafeRecovery(o, figures, 'GPU-free check');
      assert.equal(o.scheduled.filter((a) => a === 'verifyGpuFree').length, 1, 'the check was retried (same activity) before any start');
      assert.ok(o.attempts('verifyGpuFree') >= 2, `verifyGpuFree ran ${o.attempts('verifyGpuFree')} attempt(s): the killed one was not retried`);
    }));

  it('waits for the start task already issued instead of sending another when the worker dies right after the start call', () =>
    inRounds(12, async (f, d) => {
      // VM 102's start task runs until the test ends it, after the kill.
      const o = await f.crashSwitch(
        { from: 101, guests: { 102: { behaviour: { start_duration: HELD } } } },
        activityRunning('startAndVerify', { issuedTask: true }),
        {
          close: (fx) => finishWhenUnderWay(fx.sim.control, 102),
          offsetMs: d.offset(3_000),
        },
      );
      assertSafeRecovery(o, figures, 'start call sent');
      assert.equal(o.count(START), 1, 'the retried startAndVerify resumed the task of the killed attempt');
      assert.ok(o.attempts('startAndVerify') >= 2, `startAndVerify ran ${o.attempts('startAndVerify')} attempt(s)`);
    }));

  it('still reports the address when the worker dies while it waits for the network', () =>
    inRounds(13, async (f, d) => {
      // VM 102's guest agent answers only once the test says so, after the kill; until then each
      // agent call takes Proxmox's 3 s to fail.
      const o = await f.crashSwitch({ from: 101, guests: { 102: { behaviour: { boot_duration: HELD } } } }, activityRunning('waitForNetwork'), {
        close: (fx) => finishWhenUnderWay(fx.sim.control, 102),
        offsetMs: d.offset(4_000),
      });
      assertSafeRecovery(o, figures, 'network wait');
      assert.ok(o.result.network?.confirmed, JSON.stringify(o.result.network));
      assert.equal(o.result.network.confirmed && o.result.network.address, '192.168.1.151');
    }));
});
