import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { cliHarness } from '../../support/cli';
import { inSequence } from '../../support/in-sequence';

// VM 101 (linuxvrstreaming) was paused from the Proxmox UI: it runs, but cannot see an ACPI request.
const PAUSED = { ...DEFAULT_SCENARIO, vms: (DEFAULT_SCENARIO.vms ?? []).map((vm) => (vm.vmid === 101 ? { ...vm, status: 'paused' as const } : vm)) };

describe('a paused guest in the mode being left', () => {
  const t = cliHarness({ scenario: PAUSED });
  const { morpheus } = t;
  const step = inSequence();

  step("fails the switch at once with Proxmox's reason and how to resume, without retrying or forcing", async () => {
    await t.h.sim.control.clearRequests();
    const r = await morpheus('mode', 'switch', 'windowsvrstreaming');
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /Shutting down linuxvrstreaming \(VM 101\)\.\.\. ✗/);
    assert.match(r.stdout, /paused \(suspended\), so it cannot shut down cleanly: Proxmox said 500 "VM is paused - cannot shutdown"/);
    assert.match(r.stdout + r.stderr, /qm resume 101/);
    const counts = await t.h.sim.control.requests();
    assert.equal(counts.endpoints['POST /nodes/{node}/qemu/{vmid}/status/shutdown']?.count, 1);
    assert.equal(counts.endpoints['POST /nodes/{node}/qemu/{vmid}/status/stop'], undefined);
    assert.equal(counts.endpoints['POST /nodes/{node}/qemu/{vmid}/status/start'], undefined);
    // The failed wait's shutdown timer is cancelled: left armed, it could fire during the run's last workflow task.
    const events = (await t.h.client.workflow.getHandle(`morpheus-switch-${t.h.config.proxmox.node}`).fetchHistory()).events ?? [];
    assert.equal(events.filter((e) => e.timerStartedEventAttributes).length, 1, 'one shutdown timer');
    assert.equal(events.filter((e) => e.timerCanceledEventAttributes).length, 1, 'the shutdown timer was cancelled');
  });

  step('leaves the paused VM as it was and starts nothing', async () => {
    const state = await t.h.sim.control.state();
    assert.deepEqual(
      state.vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [101],
    );
    const status = await t.h.sim.client().vmStatus(101);
    assert.equal(status.qmpstatus, 'paused');
  });
});
