import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUpid } from '../../../src/proxmox/upid';
import { SimApiError } from '../../../src/simulator/model/sim-api-error';
import { CALLER, labHost, TOKEN_ID } from './host-fixture';

const HA_LAB = {
  vms: [
    { vmid: 110, name: 'ha-guest', ha: true },
    { vmid: 111, name: 'ha-running', ha: true, status: 'running' as const },
  ],
};
const tasksOf = (lab: ReturnType<typeof labHost>) =>
  [...lab.host.tasks.values()].map((t) => ({ type: t.type, user: parseUpid(t.upid)?.user, exit: t.exitstatus }));

describe('SimHost HA-managed VMs', () => {
  it('answers a start with an hastart request task, then runs a root@pam qmstart later', () => {
    const lab = labHost(HA_LAB);
    const upid = lab.host.start(110, CALLER);
    assert.equal(parseUpid(upid)?.type, 'hastart');
    lab.after(150);
    assert.deepEqual(lab.task(upid).log, ['Requesting HA start for VM 110', 'TASK OK']);
    assert.equal(lab.vm(110).status, 'stopped');
    assert.equal(lab.vm(110).haState, 'started');

    lab.after(1_850); // ha_delay 2 s after the request
    assert.deepEqual(tasksOf(lab), [
      { type: 'hastart', user: TOKEN_ID, exit: 'OK' },
      { type: 'qmstart', user: 'root@pam', exit: undefined },
    ]);
    lab.after(2_000);
    assert.equal(lab.vm(110).status, 'running');
    assert.equal(tasksOf(lab)[1]?.exit, 'OK');
  });

  it('answers a shutdown with hastop and shuts the VM down as root@pam', () => {
    const lab = labHost(HA_LAB);
    const upid = lab.host.shutdown(111, { timeoutMs: 30_000, forceStop: false }, CALLER);
    assert.equal(parseUpid(upid)?.type, 'hastop');
    lab.after(2_000 + 8_000);
    assert.equal(lab.vm(111).status, 'stopped');
    assert.deepEqual(
      tasksOf(lab).map((t) => [t.type, t.user]),
      [
        ['hastop', TOKEN_ID],
        ['qmshutdown', 'root@pam'],
      ],
    );
  });

  it('does not run a follow-up task when the VM is already where HA wants it', () => {
    const lab = labHost(HA_LAB);
    lab.host.start(111, CALLER);
    lab.after(10_000);
    assert.deepEqual(
      tasksOf(lab).map((t) => t.type),
      ['hastart'],
    );
  });
});

describe('SimHost unknown VMs', () => {
  it('fails a start task with the missing configuration file', () => {
    const lab = labHost();
    const upid = lab.host.start(999, CALLER);
    lab.after(150);
    assert.equal(lab.task(upid).exitstatus, "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist");
  });

  it('fails stop and shutdown tasks with "unable to find configuration file"', () => {
    const lab = labHost();
    const stop = lab.host.stop(999, CALLER);
    const shutdown = lab.host.shutdown(999, { timeoutMs: 60_000, forceStop: true }, CALLER);
    lab.after(150);
    assert.equal(parseUpid(stop)?.type, 'qmstop');
    assert.equal(parseUpid(shutdown)?.type, 'qmshutdown');
    for (const upid of [stop, shutdown]) assert.equal(lab.task(upid).exitstatus, "unable to find configuration file for VM 999 on node 'pve'");
  });

  it('answers reads of an unknown VM with a synchronous 500', () => {
    const lab = labHost();
    assert.throws(
      () => lab.host.vm(999),
      (err: unknown) =>
        err instanceof SimApiError && err.status === 500 && err.message === "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist",
    );
  });
});
