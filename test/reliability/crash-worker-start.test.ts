import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { assertSafeRecovery, START } from '../support/crash-checks';
import { inRounds } from '../support/crash-fixture';
import { CrashFigures } from '../support/crash-figures';
import { activityRunning } from '../support/kill-points';

// `kill -9` of the worker process at each moment of bringing the new mode up (GPU check, start,
// network), found from the run's own history and pending activities; a new worker process then
// finishes the switch to windowsvrstreaming (VM 102). Each kill point has its own host and worker.

describe('killing the worker with -9 while the new mode is being started', { concurrency: true }, () => {
  const figures = new CrashFigures('crash-worker-start');
  after(() => figures.report());

  it('checks the GPU again and starts the target once when the worker dies during the GPU-free check', () =>
    inRounds(11, async (f, d) => {
      // Every Proxmox answer takes 1.5 s, so verifyGpuFree (the VM list; the configs are the observation's) lasts 1.5 s.
      const o = await f.crashSwitch({ from: 103, latencyMs: 1_500 }, activityRunning('verifyGpuFree'), d.offset(1_200));
      assertSafeRecovery(o, figures, 'GPU-free check');
      assert.equal(o.scheduled.filter((a) => a === 'verifyGpuFree').length, 1, 'the check was retried (same activity) before any start');
    }));

  it('waits for the start task already issued instead of sending another when the worker dies right after the start call', () =>
    inRounds(12, async (f, d) => {
      const o = await f.crashSwitch({ from: 101, guests: { 102: { behaviour: { start_duration: d.jitter(5, 0.2) } } } }, activityRunning('startAndVerify', { issuedTask: true }), d.offset(3_000));
      assertSafeRecovery(o, figures, 'start call sent');
      assert.equal(o.count(START), 1, 'the retried startAndVerify resumed the task of the killed attempt');
    }));

  it('still reports the address when the worker dies while it waits for the network', () =>
    inRounds(13, async (f, d) => {
      // The agent answers 8 s after boot; until then each agent call takes Proxmox's 3 s to fail.
      const o = await f.crashSwitch({ from: 101, guests: { 102: { behaviour: { boot_duration: d.jitter(8, 0.3) } } } }, activityRunning('waitForNetwork'), d.offset(4_000));
      assertSafeRecovery(o, figures, 'network wait');
      assert.ok(o.result.network?.confirmed, JSON.stringify(o.result.network));
      assert.equal(o.result.network.confirmed && o.result.network.address, '192.168.1.151');
    }));
});
