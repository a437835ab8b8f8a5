import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALLER, labHost } from './host-fixture';

const LOCK_TIMEOUT = "can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout";

describe('SimHost config locks', () => {
  it('refuses start, shutdown and stop of a locked VM with "VM is locked (backup)"', () => {
    const lab = labHost();
    lab.vm(101).lock = 'backup';
    lab.vm(103).lock = 'backup';
    const start = lab.host.start(103, CALLER);
    const shutdown = lab.host.shutdown(101, { timeoutMs: 60_000, forceStop: true }, CALLER);
    lab.after(150);
    const stop = lab.host.stop(101, CALLER);
    lab.after(150);
    for (const upid of [start, shutdown, stop]) assert.equal(lab.task(upid).exitstatus, 'VM is locked (backup)');
    assert.equal(lab.vm(101).status, 'running');
    assert.equal(lab.vm(103).status, 'stopped');
  });

  it('checks the lock before the running state on start', () => {
    const lab = labHost();
    lab.vm(101).lock = 'snapshot';
    const upid = lab.host.start(101, CALLER);
    lab.after(150);
    assert.equal(lab.task(upid).exitstatus, 'VM is locked (snapshot)');
  });

  it('ends the stop of a stopped VM OK even when it is locked', () => {
    const lab = labHost();
    lab.vm(102).lock = 'backup';
    const upid = lab.host.stop(102, CALLER);
    lab.after(150);
    assert.equal(lab.task(upid).exitstatus, 'OK');
  });
});

describe('SimHost lock file', () => {
  it('makes a stop issued during a running shutdown wait for the lock, then run', () => {
    const lab = labHost();
    const shutdown = lab.host.shutdown(101, { timeoutMs: 60_000, forceStop: false }, CALLER);
    lab.after(1_000);
    const stop = lab.host.stop(101, CALLER);
    assert.deepEqual(lab.task(stop).log, ['trying to acquire lock...']);
    lab.after(6_999);
    assert.equal(lab.task(stop).status, 'running');
    assert.equal(lab.vm(101).status, 'running');
    lab.after(1);
    assert.equal(lab.task(shutdown).exitstatus, 'OK');
    lab.after(150);
    assert.equal(lab.task(stop).exitstatus, 'OK');
    assert.deepEqual(lab.task(stop).log, ['trying to acquire lock...', 'TASK OK']);
  });

  it('fails a stop after 10 s when the shutdown holds the lock longer, and leaves the shutdown running', () => {
    const lab = labHost();
    lab.behave(101, { ignores_acpi: true });
    const shutdown = lab.host.shutdown(101, { timeoutMs: 60_000, forceStop: true }, CALLER);
    lab.after(1_000);
    const stop = lab.host.stop(101, CALLER);
    lab.after(9_999);
    assert.equal(lab.task(stop).status, 'running');
    lab.after(1);
    assert.equal(lab.task(stop).exitstatus, LOCK_TIMEOUT);
    assert.equal(lab.task(shutdown).status, 'running');
    assert.equal(lab.vm(101).status, 'running');
    lab.after(50_000);
    assert.equal(lab.task(shutdown).exitstatus, 'OK');
    assert.equal(lab.vm(101).status, 'stopped');
  });

  it('lets a start wait for a stop that holds the lock, then start the VM', () => {
    const lab = labHost();
    const stop = lab.host.stop(101, CALLER);
    const start = lab.host.start(101, CALLER);
    lab.after(1_000);
    assert.equal(lab.task(stop).exitstatus, 'OK');
    lab.after(2_000);
    assert.equal(lab.task(start).exitstatus, 'OK');
    assert.equal(lab.vm(101).status, 'running');
  });
});
