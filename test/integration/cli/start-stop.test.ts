import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { cliHarness } from '../../support/cli';
import { inSequence } from '../../support/in-sequence';

describe('mode start and mode stop', () => {
  const t = cliHarness();
  const { morpheus } = t;
  // Each test starts from the host the one before left.
  const step = inSequence();
  const running = async () => (await t.h.sim.control.state()).vms.filter((v) => v.status === 'running').map((v) => v.vmid);

  step('starts the no-GPU mode alongside the running VR mode, without checking the GPU', async () => {
    const r = await morpheus('mode', 'start', 'nimsforestnogpu');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Starting nimsforestnogpu alongside linuxvrstreaming\.\.\./);
    assert.doesNotMatch(r.stdout, /Shutting down/);
    assert.match(r.stdout, /✅ nimsforestnogpu started/);
    assert.deepEqual(await running(), [101, 103]);
  });

  step('refuses to start a GPU mode next to the running VR mode, naming why', async () => {
    const r = await morpheus('mode', 'start', 'windowsvrstreaming');
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /❌ Cannot start windowsvrstreaming\n {3}Conflicts with: linuxvrstreaming \(windowsvrstreaming \(exclusive\) and linuxvrstreaming \(exclusive\) both need the GPU; both pass through PCI device 0000:01:00\)/,
    );
    assert.deepEqual(await running(), [101, 103]);
  });

  step('stops one mode gracefully and leaves the others running', async () => {
    const r = await morpheus('mode', 'stop', 'linuxvrstreaming');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Stopping linuxvrstreaming\.\.\.\n {2}Shutting down linuxvrstreaming \(VM 101\)\.\.\. ✓/);
    assert.match(r.stdout, /✅ linuxvrstreaming stopped/);
    assert.deepEqual(await running(), [103]);
  });

  step('says there is nothing to do when stopping a mode that is not running', async () => {
    const r = await morpheus('mode', 'stop', 'linuxvrstreaming');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✅ Nothing to do: linuxvrstreaming is not running/);
  });

  step('now lets the shared-GPU mode start next to the no-GPU mode', async () => {
    const r = await morpheus('mode', 'start', 'nimsforestsharedgpu');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Checking the GPU is free\.\.\. ✓/);
    assert.deepEqual(await running(), [103, 104]);
  });

  step('preempts a declared conflict only with --force; --no-wait returns at once and mode watch follows', async () => {
    assert.equal((await morpheus('mode', 'switch', 'linuxvrstreaming')).code, 3);
    const r = await morpheus('mode', 'switch', 'linuxvrstreaming', '--force', '--no-wait', '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const started = JSON.parse(r.stdout) as { outcome: string; workflow_id: string };
    assert.equal(started.outcome, 'started-in-background');
    const watched = await morpheus('mode', 'watch');
    assert.equal(watched.code, 0, watched.stdout + watched.stderr);
    assert.match(watched.stdout, /✅ Now in linuxvrstreaming mode|No switch is running/);
    assert.deepEqual(await running(), [101]);
  });
});
