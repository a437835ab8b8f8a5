import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUpid } from '../../../src/proxmox/upid';
import { SimApiError } from '../../../src/simulator/model/sim-api-error';
import { CALLER, labHost, lastLine, TOKEN_ID } from './host-fixture';

const SHUTDOWN_60 = { timeoutMs: 60_000, forceStop: false };

describe('SimHost start', () => {
  it('returns a running qmstart task owned by the token, which ends OK once QEMU is up', () => {
    const lab = labHost();
    const upid = lab.host.start(103, CALLER);
    const parsed = parseUpid(upid);
    assert.equal(parsed?.type, 'qmstart');
    assert.equal(parsed?.node, 'pve');
    assert.equal(parsed?.id, '103');
    assert.equal(parsed?.user, TOKEN_ID);
    assert.equal(lab.task(upid).status, 'running');

    lab.after(1_999);
    assert.equal(lab.task(upid).status, 'running');
    assert.equal(lab.vm(103).status, 'stopped');
    lab.after(1);
    assert.equal(lab.task(upid).exitstatus, 'OK');
    assert.equal(lastLine(lab.task(upid)), 'TASK OK');
  });

  it('brings the VM up with a new pid, qmpstatus running and uptime from zero', () => {
    const lab = labHost();
    lab.host.start(103, CALLER);
    lab.after(2_000);
    const vm = lab.vm(103);
    assert.equal(vm.status, 'running');
    assert.equal(vm.qmpstatus, 'running');
    assert.equal(typeof vm.pid, 'number');
    assert.notEqual(vm.pid, lab.vm(101).pid);
    assert.equal(vm.startedAt, lab.host.now);
  });

  it('fails the start of a running VM with "VM 101 already running"', () => {
    const lab = labHost();
    const upid = lab.host.start(101, CALLER);
    lab.after(150);
    assert.equal(lab.task(upid).exitstatus, 'VM 101 already running');
    assert.equal(lastLine(lab.task(upid)), 'TASK ERROR: VM 101 already running');
    assert.equal(lab.vm(101).status, 'running');
  });

  it('refuses to start a template', () => {
    const lab = labHost({ vms: [{ vmid: 900, name: 'tmpl', template: true }] });
    const upid = lab.host.start(900, CALLER);
    lab.after(150);
    assert.equal(lab.task(upid).exitstatus, "you can't start a vm if it's a template");
  });

  it('fails the start with the configured QEMU error and logs the kvm line', () => {
    const lab = labHost();
    lab.behave(103, { start_fails: 'start failed: QEMU exited with code 1' });
    const upid = lab.host.start(103, CALLER);
    lab.after(2_000);
    assert.deepEqual(lab.task(upid).log, ['kvm: start failed: QEMU exited with code 1', 'TASK ERROR: start failed: QEMU exited with code 1']);
    assert.equal(lab.vm(103).status, 'stopped');
  });
});

describe('SimHost shutdown and stop', () => {
  it('shuts a cooperative guest down after its shutdown duration', () => {
    const lab = labHost();
    const upid = lab.host.shutdown(101, SHUTDOWN_60, CALLER);
    lab.after(7_999);
    assert.equal(lab.vm(101).status, 'running');
    lab.after(1);
    assert.equal(lab.task(upid).exitstatus, 'OK');
    assert.equal(lab.vm(101).status, 'stopped');
    assert.equal(lab.vm(101).pid, undefined);
  });

  it('ends the shutdown of a stopped VM OK', () => {
    const lab = labHost();
    const upid = lab.host.shutdown(102, SHUTDOWN_60, CALLER);
    lab.after(150);
    assert.equal(lab.task(upid).exitstatus, 'OK');
  });

  it('times out on a guest that ignores ACPI and leaves it running without forceStop', () => {
    const lab = labHost();
    lab.behave(101, { ignores_acpi: true });
    const upid = lab.host.shutdown(101, { timeoutMs: 30_000, forceStop: false }, CALLER);
    lab.after(30_000);
    assert.equal(lab.task(upid).exitstatus, 'VM quit/powerdown failed - got timeout');
    assert.equal(lastLine(lab.task(upid)), 'TASK ERROR: VM quit/powerdown failed - got timeout');
    lab.after(600_000);
    assert.equal(lab.vm(101).status, 'running');
  });

  it('kills a guest that ignores ACPI when forceStop is set, and still ends OK', () => {
    const lab = labHost();
    lab.behave(101, { ignores_acpi: true });
    const upid = lab.host.shutdown(101, { timeoutMs: 30_000, forceStop: true }, CALLER);
    lab.after(29_999);
    assert.equal(lab.vm(101).status, 'running');
    lab.after(1);
    assert.deepEqual(lab.task(upid).log, ['VM still running - terminating now with SIGTERM', 'TASK OK']);
    assert.equal(lab.vm(101).status, 'stopped');
  });

  it('lets a slow guest power off after the shutdown task has already timed out', () => {
    const lab = labHost();
    lab.behave(101, { shutdown_duration: 90_000 });
    const upid = lab.host.shutdown(101, SHUTDOWN_60, CALLER);
    lab.after(60_000);
    assert.equal(lab.task(upid).exitstatus, 'VM quit/powerdown failed - got timeout');
    assert.equal(lab.vm(101).status, 'running');
    lab.after(30_000);
    assert.equal(lab.vm(101).status, 'stopped');
  });

  it('refuses synchronously to shut down a paused VM unless forced', () => {
    const lab = labHost();
    lab.vm(101).qmpstatus = 'paused';
    assert.throws(
      () => lab.host.shutdown(101, SHUTDOWN_60, CALLER),
      (err: unknown) => err instanceof SimApiError && err.status === 500 && err.message === 'VM is paused - cannot shutdown',
    );
    assert.doesNotThrow(() => lab.host.shutdown(101, { timeoutMs: 60_000, forceStop: true }, CALLER));
  });

  it('stops a running VM within a second and a stopped one at once, both OK', () => {
    const lab = labHost();
    const running = lab.host.stop(101, CALLER);
    const stopped = lab.host.stop(102, CALLER);
    lab.after(150);
    assert.equal(lab.task(stopped).exitstatus, 'OK');
    assert.equal(lab.task(running).status, 'running');
    lab.after(850);
    assert.equal(lab.task(running).exitstatus, 'OK');
    assert.equal(lab.vm(101).status, 'stopped');
  });

  it('logs the SIGTERM escalation when stopping a hung guest, and ends OK', () => {
    const lab = labHost();
    lab.behave(101, { ignores_acpi: true });
    const upid = lab.host.stop(101, CALLER);
    lab.after(1_000);
    assert.deepEqual(lab.task(upid).log, ['VM still running - terminating now with SIGTERM', 'TASK OK']);
  });
});
