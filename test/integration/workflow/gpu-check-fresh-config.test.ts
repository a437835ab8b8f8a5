import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually } from '../../support/eventually';
import { describeHarness } from '../../support/harness';
import { MORPHEUS_GUARD_ONLY, pendingWhen, runSwitch, runningVms, switchInput } from '../../support/reliability';
import { finishWhenUnderWay } from '../../support/simulator';

// The GPU check before a start reuses the switch's observation for VMs that have not started since
// (a running VM passes through what it started with), so a plain switch reads each config once. A VM
// started since the observation has its config read again: here someone gave nimsforestnogpu's VM
// (103) the GPU in its config and started it while linuxvrstreaming shut down. Proxmox's own PCI
// guard is off, so only Morpheus's check stands between the two GPU holders.
describe('the GPU check reads again the config of a VM started since the observation', () => {
  const t = describeHarness({ switchSection: 'switch:\n  shutdown_timeout: 10m\n  start_timeout: 20s\n  network_timeout: 5s', scenario: MORPHEUS_GUARD_ONLY });

  it('refuses to start windowsvrstreaming next to a VM given the GPU and started behind its back', async () => {
    const h = t.h;
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 36_000 } });
    const run = runSwitch(h, switchInput('windowsvrstreaming'));
    await pendingWhen(h, (a) => a.type === 'shutdownAndWait');
    // Reads of the shutdown task fail (it keeps polling), so the moment between "VM 101 is off" and the switch noticing is the test's.
    await h.sim.control.setFaults({ error_rate: 1, paths: '/tasks/[^/]*qmshutdown[^/]*101[^/]*/status$' });
    await finishWhenUnderWay(h.sim.control, 101);
    await h.sim.control.patchVm(103, { config: { hostpci0: '0000:01:00,pcie=1' } });
    await h.sim.client().startVm(103);
    await eventually(async () => ((await h.sim.control.state()).vms.find((v) => v.vmid === 103)?.status === 'running' ? true : undefined), {
      what: 'VM 103 to run',
    });
    await h.sim.control.setFaults({});

    const r = await run;
    assert.ok(!r.ok, 'the switch should fail');
    assert.equal(r.causeType, 'GpuBusyError');
    assert.match(r.message, /the GPU is not free: VM 103 \(nimsforest\) is running: .*both need the GPU/);
    assert.deepEqual(await runningVms(h), [103]);
    assert.deepEqual((await h.sim.control.gpuTimeline()).overlaps, []);
  });
});
