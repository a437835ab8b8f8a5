import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALLER, labHost } from './host-fixture';

// finishNow lets a test hold a step open with a long duration and end it once it has seen the step.
describe('SimHost.finishNow', () => {
  it('powers a guest that is slow to shut down off now and ends its shutdown task OK', () => {
    const lab = labHost();
    lab.behave(101, { shutdown_duration: 3_600_000 });
    const upid = lab.host.shutdown(101, { timeoutMs: 7_200_000, forceStop: false }, CALLER);
    lab.after(1_000);
    assert.equal(lab.vm(101).status, 'running');
    assert.equal(lab.host.finishNow(101), 1);
    assert.equal(lab.vm(101).status, 'stopped');
    assert.equal(lab.task(upid).exitstatus, 'OK');
    assert.equal(lab.task(upid).endsAt, lab.host.now, 'the task ended now, not when it was due');
    const interval = lab.host.timeline.snapshot().intervals.find((i) => i.vmid === 101);
    assert.equal(interval?.to, lab.host.now);
  });

  it('powers off a slow guest whose shutdown task already timed out', () => {
    const lab = labHost();
    lab.behave(101, { shutdown_duration: 3_600_000 });
    const upid = lab.host.shutdown(101, { timeoutMs: 10_000, forceStop: false }, CALLER);
    lab.after(10_000);
    assert.equal(lab.task(upid).exitstatus, 'VM quit/powerdown failed - got timeout');
    assert.equal(lab.vm(101).status, 'running');
    lab.host.finishNow(101);
    assert.equal(lab.vm(101).status, 'stopped');
  });

  it('brings a slow start up now, with the guest agent answering', () => {
    const lab = labHost();
    lab.behave(103, { start_duration: 3_600_000 });
    const upid = lab.host.start(103, CALLER);
    lab.after(1_000);
    lab.host.finishNow(103);
    assert.equal(lab.task(upid).exitstatus, 'OK');
    assert.equal(lab.vm(103).status, 'running');
    assert.equal(lab.vm(103).agentReadyAt, lab.host.now);
  });

  it('makes a booting guest agent answer now', () => {
    const lab = labHost();
    lab.behave(103, { start_duration: 1_000, boot_duration: 3_600_000 });
    lab.host.start(103, CALLER);
    lab.after(1_000);
    assert.ok(lab.vm(103).agentReadyAt! > lab.host.now);
    assert.equal(lab.host.finishNow(103), 1);
    assert.equal(lab.vm(103).agentReadyAt, lab.host.now);
  });

  it("also runs the real task that follows an HA request, and only that VM's changes", () => {
    const lab = labHost({
      vms: [
        { vmid: 101, name: 'ha', status: 'running', ha: true, behaviour: { shutdown_duration: 3_600, ha_delay: 2 } },
        { vmid: 103, name: 'other' },
      ],
    });
    lab.behave(103, { start_duration: 3_600_000 });
    const other = lab.host.start(103, CALLER);
    lab.host.shutdown(101, { timeoutMs: 60_000, forceStop: false }, CALLER);
    lab.host.finishNow(101);
    assert.equal(lab.vm(101).status, 'stopped');
    assert.deepEqual(
      [...lab.host.tasks.values()].filter((t) => t.vmid === 101).map((t) => `${t.type} ${t.exitstatus}`),
      ['hastop OK', 'qmshutdown OK'],
    );
    assert.equal(lab.task(other).status, 'running', 'VM 103 was not touched');
  });

  it('ends a hard stop that takes its time (stop_duration) now', () => {
    const lab = labHost();
    lab.behave(101, { stop_duration: 3_600_000 });
    const upid = lab.host.stop(101, CALLER);
    lab.after(3_599_999);
    assert.equal(lab.vm(101).status, 'running', 'the stop takes stop_duration');
    lab.host.finishNow(101);
    assert.equal(lab.task(upid).exitstatus, 'OK');
    assert.equal(lab.vm(101).status, 'stopped');
  });

  it('answers 0 when the VM is in the middle of nothing', () => {
    const lab = labHost();
    assert.equal(lab.host.finishNow(101), 0);
    assert.equal(lab.vm(101).status, 'running');
  });
});
