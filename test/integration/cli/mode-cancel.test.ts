import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { switchWorkflowId } from '../../../src/contract/switch';
import { cliHarness } from '../../support/cli';
import { eventually } from '../../support/eventually';
import { finishWhenUnderWay } from '../../support/simulator';

describe('mode cancel', () => {
  // The switch waits at the guest's shutdown until the test ends it: the cancellation lands mid-switch.
  const t = cliHarness({ switchSection: 'switch:\n  shutdown_timeout: 60s\n  start_timeout: 20s\n  network_timeout: 5s' });
  const { morpheus } = t;

  it('cancels the running switch after the step under way; the stopped mode is restored', async () => {
    await t.h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 36_000 } });
    assert.equal((await morpheus('mode', 'switch', 'windowsvrstreaming', '--no-wait')).code, 0);
    await eventually(async () => ((await t.h.sim.control.tasks()).some((task) => task.type === 'qmshutdown') ? true : undefined), {
      what: 'the ACPI shutdown issued',
    });
    const r = await morpheus('mode', 'cancel', '--no-wait', '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((JSON.parse(r.stdout) as { outcome: string }).outcome, 'cancel-requested');
    await finishWhenUnderWay(t.h.sim.control, 101);
    const handle = t.h.client.workflow.getHandle(switchWorkflowId(t.h.config.proxmox.node));
    await eventually(async () => ((await handle.describe()).status.name === 'CANCELLED' ? true : undefined), { what: 'the run cancelled' });
    assert.deepEqual(
      (await t.h.sim.control.state()).vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [101],
    );
  });

  it('says there is nothing to cancel when no switch runs', async () => {
    const r = await morpheus('mode', 'cancel');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^No switch is running on pve-\w+; nothing to cancel\.$/m);
  });
});
