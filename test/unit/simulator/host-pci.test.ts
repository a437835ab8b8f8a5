import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALLER, labHost } from './host-fixture';

const ALL_STOPPED = { vms: [] as never[] };

describe('SimHost PCI reservations', () => {
  it("refuses a start whose GPU a running VM holds with Proxmox's exact text", () => {
    const lab = labHost();
    const upid = lab.host.start(102, CALLER);
    lab.after(150);
    assert.equal(lab.task(upid).exitstatus, "PCI device '0000:01:00.0' already in use by VMID '101'");
    assert.equal(lab.vm(102).status, 'stopped');
  });

  it('records the refusal in the GPU timeline, and no overlap', () => {
    const lab = labHost();
    const at = lab.host.now;
    lab.host.start(102, CALLER);
    lab.after(150);
    const timeline = lab.host.timeline.snapshot();
    assert.deepEqual(timeline.refusals, [{ at, vmid: 102, device: '0000:01:00.0', heldBy: 101 }]);
    assert.deepEqual(timeline.overlaps, []);
    assert.deepEqual(
      timeline.intervals.map((i) => [i.vmid, i.to]),
      [[101, null]],
    );
  });

  it('names the function the starting VM asked for when it passes a single one', () => {
    const lab = labHost();
    lab.vm(103).config['hostpci0'] = '0000:01:00.1';
    const upid = lab.host.start(103, CALLER);
    lab.after(150);
    assert.equal(lab.task(upid).exitstatus, "PCI device '0000:01:00.1' already in use by VMID '101'");
  });

  it('says "currently reserved" while the other VM is still starting', () => {
    const lab = labHost();
    lab.host.stop(101, CALLER);
    lab.after(1_000);
    const first = lab.host.start(102, CALLER);
    const second = lab.host.start(104, CALLER);
    lab.after(150);
    assert.equal(lab.task(second).exitstatus, "PCI device '0000:01:00.0' is currently reserved for use by VMID '102'");
    lab.after(2_000);
    assert.equal(lab.task(first).exitstatus, 'OK');
  });

  it('hands the GPU over cleanly once the holder has stopped', () => {
    const lab = labHost();
    lab.host.stop(101, CALLER);
    lab.after(1_000);
    const upid = lab.host.start(102, CALLER);
    lab.after(2_000);
    assert.equal(lab.task(upid).exitstatus, 'OK');
    const timeline = lab.host.timeline.snapshot();
    assert.deepEqual(
      timeline.intervals.map((i) => ({ vmid: i.vmid, devices: i.devices, open: i.to === null })),
      [
        { vmid: 101, devices: ['0000:01:00'], open: false },
        { vmid: 102, devices: ['0000:01:00'], open: true },
      ],
    );
    assert.deepEqual(timeline.overlaps, []);
    assert.deepEqual(timeline.refusals, []);
  });

  it('records an overlap instead of refusing when reservations are not enforced (PVE < 7.1)', () => {
    const lab = labHost({ enforce_pci_reservations: false });
    const upid = lab.host.start(102, CALLER);
    lab.after(2_000);
    assert.equal(lab.task(upid).exitstatus, 'OK');
    assert.equal(lab.vm(102).status, 'running');
    const timeline = lab.host.timeline.snapshot();
    assert.deepEqual(timeline.overlaps, [{ at: lab.host.now, device: '0000:01:00', vmids: [101, 102] }]);
    assert.deepEqual(timeline.refusals, []);
  });

  it('resolves mapping= entries and refuses an unknown mapping', () => {
    const lab = labHost({
      ...ALL_STOPPED,
      pci_mappings: { rtx4090: ['0000:01:00.0'] },
      vms: [
        { vmid: 201, name: 'a', status: 'running', config: { hostpci0: '0000:01:00' } },
        { vmid: 202, name: 'b', config: { hostpci0: 'mapping=rtx4090,pcie=1' } },
        { vmid: 203, name: 'c', config: { hostpci0: 'mapping=nope' } },
      ],
    });
    const mapped = lab.host.start(202, CALLER);
    const unknown = lab.host.start(203, CALLER);
    lab.after(150);
    assert.equal(lab.task(mapped).exitstatus, "PCI device '0000:01:00.0' already in use by VMID '201'");
    assert.equal(lab.task(unknown).exitstatus, "PCI device mapping not found for 'nope'");
  });
});
