import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliHarness } from '../../support/cli';
import { inSequence } from '../../support/in-sequence';

// The seed spec's CLI examples, run as a user runs them: a separate `morpheus` process.
describe('the seed CLI examples, end to end', () => {
  const t = cliHarness();
  const { morpheus } = t;
  // Each example starts from the host the one before left, as in the seed.
  const step = inSequence();

  step('lists the modes as a table with the current mode', async () => {
    const r = await morpheus('mode', 'list');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'MODE                 VMID   STATUS    GPU        DESCRIPTION');
    assert.equal(lines[1], '-'.repeat(80));
    assert.equal(lines[2], 'linuxvrstreaming     101    running   exclusive  Linux VR streaming (CachyOS + WiVRN)');
    assert.equal(lines[3], 'windowsvrstreaming   102    stopped   exclusive  Windows VR streaming');
    assert.equal(lines[4], 'nimsforestnogpu      103    stopped   none       NimsForest distributed compute (no GPU)');
    assert.equal(lines[5], 'nimsforestsharedgpu  104    stopped   shared     NimsForest with GPU compute');
    assert.match(r.stdout, /\nCurrent mode: linuxvrstreaming\n/);
    assert.match(r.stdout, /GPU also passed through by VM 105 \(gpu-bench\), not managed by Morpheus: stopped/);
  });

  step('shows the current mode with uptime, the GPU by name and the IP', async () => {
    const r = await morpheus('mode', 'status');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^🎮 Current Mode: linuxvrstreaming \(VM 101\)\n\nStatus: {3}running\nUptime: {3}1h \d+m\nGPU: {6}NVIDIA GeForce RTX 4090 \(exclusive\)\nIP: {7}192\.168\.1\.150\n/,
    );
    assert.match(r.stdout, /No switch has run on this host yet\./);
  });

  step('prints the plan of a dry run and changes nothing', async () => {
    const r = await morpheus('mode', 'switch', 'windowsvrstreaming', '--dry-run');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1\. Shut down linuxvrstreaming \(VM 101\): ACPI shutdown, wait up to 2s, then force stop/);
    assert.match(r.stdout, /2\. Verify on live state that no other VM holding the GPU runs/);
    assert.match(r.stdout, /3\. Start windowsvrstreaming \(VM 102\)/);
    assert.match(r.stdout, /4\. Wait up to 5s for the guest agent to report an IP address/);
    const state = await t.h.sim.control.state();
    assert.equal(state.vms.find((v) => v.vmid === 101)?.status, 'running');
  });

  step('switches from Linux VR to Windows VR with live progress', async () => {
    const r = await morpheus('mode', 'switch', 'windowsvrstreaming');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Switching from linuxvrstreaming → windowsvrstreaming\.\.\.\n/);
    assert.match(r.stdout, /\n {2}Shutting down linuxvrstreaming \(VM 101\)\.\.\. ✓ \(\d+(\.\d)?s\)\n/);
    assert.match(r.stdout, /\n {2}Starting windowsvrstreaming \(VM 102\)\.\.\. ✓ \(\d+(\.\d)?s\)\n/);
    assert.match(r.stdout, /\n {2}Waiting for network\.\.\. ✓ .*IP 192\.168\.1\.151\n/);
    assert.match(r.stdout, /✅ Now in windowsvrstreaming mode\n {3}IP: 192\.168\.1\.151\n {3}GPU: NVIDIA GeForce RTX 4090 \(exclusive\)\n/);
  });

  step('switches from Windows VR to the no-GPU mode', async () => {
    const r = await morpheus('mode', 'switch', 'nimsforestnogpu');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Switching from windowsvrstreaming → nimsforestnogpu\.\.\./);
    assert.match(r.stdout, /Shutting down windowsvrstreaming \(VM 102\)\.\.\. ✓/);
    assert.match(r.stdout, /Starting nimsforestnogpu \(VM 103\)\.\.\. ✓/);
    assert.doesNotMatch(r.stdout, /Checking the GPU is free/);
    assert.match(r.stdout, /✅ Now in nimsforestnogpu mode\n {3}IP: 192\.168\.1\.152\n {3}GPU: none\n/);
  });

  step('refuses the shared-GPU mode while a VR mode runs and says what to do instead', async () => {
    assert.equal((await morpheus('mode', 'switch', 'linuxvrstreaming')).code, 0);
    const r = await morpheus('mode', 'switch', 'nimsforestsharedgpu');
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /❌ Cannot switch to nimsforestsharedgpu\n {3}Conflicts with: linuxvrstreaming \(running\), windowsvrstreaming\n/);
    assert.match(
      r.stdout,
      /Stop linuxvrstreaming first \(morpheus mode stop linuxvrstreaming\), or use --force to preempt it, or use nimsforestnogpu instead\./,
    );
    const state = await t.h.sim.control.state();
    assert.equal(state.vms.find((v) => v.vmid === 101)?.status, 'running');
  });

  // Proxmox's PCI guard is on here, so an overlap cannot happen: a refusal is how Morpheus trying one would show.
  it('never made Proxmox refuse a start: it never tried to start a second GPU holder', async () => {
    assert.deepEqual((await t.h.sim.control.gpuTimeline()).refusals, []);
  });
});
