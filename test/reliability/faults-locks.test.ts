import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { SimRequests } from '../support/simulator';
import { inSequence } from '../support/in-sequence';
import { startHarness, type Harness } from '../support/harness';
import { activitiesOf, MORPHEUS_GUARD_ONLY, pendingWhen, runSwitch, runningVms, switchInput } from '../support/reliability';

// The retry policy of every activity: 8 attempts, 0.5 s doubling to at most 10 s between them, so a
// lock that never goes away costs 0.5+1+2+4+8+10+10 = 35.5 s of waiting, plus the attempts themselves.
const RETRY_WAIT_MS = 35_500;
const LOCKED = /VM is locked \(backup\)/;

/** Requests Proxmox refused as invalid: a skiplock (root only) would be one of them. */
const refusedAsInvalid = (r: SimRequests): string[] =>
  Object.entries(r.endpoints).flatMap(([endpoint, e]) => (e.statuses['400'] ? [`${endpoint}: ${e.statuses['400']}`] : []));

const locked = (a: { type: string; lastFailure: string | undefined }, type: string) => a.type === type && LOCKED.test(a.lastFailure ?? '');

// The default 60 s shutdown timeout: its timer runs from the first ACPI request, so a lock shorter than
// the retries (35.5 s) still leaves the guest time to shut down gracefully once the request gets through.
const SWITCH = 'switch:\n  shutdown_timeout: 60s\n  start_timeout: 20s\n  network_timeout: 5s';

describe('a VM held by a backup lock', () => {
  let h: Harness;
  // Each test starts from the host the one before left.
  const step = inSequence();
  before(async () => {
    h = await startHarness({ switchSection: SWITCH, scenario: MORPHEUS_GUARD_ONLY });
    await h.startWorker();
  });
  afterEach(async () => {
    assert.deepEqual(refusedAsInvalid(await h.sim.control.requests()), [], 'Morpheus sent a parameter Proxmox refused (skiplock is root-only)');
    for (const vmid of [101, 102]) await h.sim.control.patchVm(vmid, { lock: null });
    await h.sim.control.clearRequests();
  });
  after(() => h.close());

  step("makes the switch retry the stop within the retry policy, then fail with Proxmox's reason, changing nothing", async () => {
    await h.sim.control.patchVm(101, { lock: 'backup' });
    const r = await runSwitch(h, switchInput('windowsvrstreaming'));
    assert.ok(!r.ok, 'the switch should fail');
    assert.equal(r.causeType, 'ProxmoxVmLockedError');
    assert.match(r.message, /^Shutting down linuxvrstreaming \(VM 101\) failed: VM 101: VM is locked: task UPID:\S+ failed: "VM is locked \(backup\)"/);
    // The ACPI request itself meets the lock, so it is the step retried, until the policy gives up
    // before the shutdown timer fires: no forced stop.
    const retried = (await activitiesOf(h, r.runId)).find((a) => a.type === 'shutdownAndWait');
    assert.equal(retried?.attempt, 8, 'every attempt of the retry policy was used');
    // It waited (the retries), but within the policy's bound.
    assert.ok(r.ms >= RETRY_WAIT_MS, `gave up after ${Math.round(r.ms)} ms`);
    assert.ok(r.ms < RETRY_WAIT_MS + 15_000, `gave up only after ${Math.round(r.ms)} ms`);
    assert.deepEqual(await runningVms(h), [101], 'the locked mode still runs and nothing else started');
    const starts = (await h.sim.control.requests()).endpoints['POST /nodes/{node}/qemu/{vmid}/status/start'];
    assert.equal(starts, undefined, 'no start was attempted');
  });

  step('lets the switch finish when the lock on the mode to stop is released during the wait', async () => {
    await h.sim.control.patchVm(101, { lock: 'backup' });
    const run = runSwitch(h, switchInput('windowsvrstreaming'));
    await pendingWhen(h, (a) => a.attempt >= 2 && locked(a, 'shutdownAndWait'));
    await h.sim.control.patchVm(101, { lock: null });
    const r = await run;
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.result.outcome, 'switched');
    assert.deepEqual(await runningVms(h), [102]);
  });

  step('shuts the guest down by ACPI, not by force, once a lock on it is released', async () => {
    await h.sim.control.patchVm(102, { lock: 'backup' });
    const run = runSwitch(h, switchInput('linuxvrstreaming'));
    // Whichever step meets the lock, release it once that step is being retried.
    await pendingWhen(h, (a) => a.attempt >= 2 && LOCKED.test(a.lastFailure ?? ''));
    await h.sim.control.patchVm(102, { lock: null });
    const r = await run;
    assert.ok(r.ok, r.ok ? '' : r.message);
    const stop = r.result.steps.find((s) => s.id === 'stop:102');
    assert.equal(stop?.detail, undefined, `the stop was: ${stop?.detail}`);
    assert.equal((await h.sim.control.requests()).endpoints['POST /nodes/{node}/qemu/{vmid}/status/stop'], undefined, 'a hard stop was sent');
  });

  step('lets the switch finish when the lock on the target is released while its start is retried', async () => {
    assert.deepEqual(await runningVms(h), [101]);
    await h.sim.control.patchVm(102, { lock: 'backup' });
    const run = runSwitch(h, switchInput('windowsvrstreaming'));
    const pending = await pendingWhen(h, (a) => a.attempt >= 2 && locked(a, 'startAndVerify'));
    assert.match(pending.lastFailure ?? '', /qmstart:102:.* failed: "VM is locked \(backup\)"/);
    await h.sim.control.patchVm(102, { lock: null });
    const r = await run;
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.result.outcome, 'switched');
    assert.deepEqual(await runningVms(h), [102]);
  });

  // The simulator's PCI guard is off here: an overlap Morpheus allowed would be recorded.
  it('never had two GPU holders at once, with only its own guard to prevent it', async () => {
    assert.deepEqual((await h.sim.control.gpuTimeline()).overlaps, []);
  });
});
