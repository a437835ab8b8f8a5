import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { cliHarness, startCli } from '../../support/cli';
import { inSequence } from '../../support/in-sequence';
import { finishWhenUnderWay, HELD } from '../../support/simulator';

// What a guest takes to shut down when nothing holds it (the scenario default, simulated seconds).
const DEFAULT_SHUTDOWN = 8;

describe('concurrent switch requests', () => {
  // The test ends the first switch's shutdown itself (finish-now), once the other requests have met
  // it: the timeout must not end it first, however slow the machine.
  const switchSection = 'switch:\n  shutdown_timeout: 1h\n  start_timeout: 20s\n  network_timeout: 5s';
  const t = cliHarness({ switchSection });
  // Each test starts from the host the one before left.
  const step = inSequence();
  /** The guest takes ten hours to shut down, until the test says otherwise. */
  const holdShutdown = (vmid: number) => t.h.sim.control.patchVm(vmid, { behaviour: { shutdown_duration: HELD } });
  const release = async (vmid: number) => {
    await finishWhenUnderWay(t.h.sim.control, vmid);
    await t.h.sim.control.patchVm(vmid, { behaviour: { shutdown_duration: DEFAULT_SHUTDOWN } });
  };

  step('answers a second request at once with who is switching to what, and --queue runs it afterwards', async () => {
    await holdShutdown(101);
    const first = startCli(t.cli.args('mode', 'switch', 'windowsvrstreaming'), t.cli.env, /Switching from/);
    await first.ready;
    const second = startCli(t.cli.args('mode', 'switch', 'nimsforestnogpu'), t.cli.env, /⏳ Another switch is in progress/);
    const busy = await second.done;
    assert.equal(busy.code, 5, busy.stdout + busy.stderr);
    assert.match(busy.stdout, /⏳ Another switch is in progress on pve-\w+: switch to windowsvrstreaming, requested by cli:\S+, running for/);
    assert.match(busy.stdout, /Watch it: +morpheus mode watch/);
    // The first switch is still held: exit 5 while it runs shows the second did not wait for it.
    const queued = startCli(t.cli.args('mode', 'switch', 'nimsforestnogpu', '--queue'), t.cli.env, /Waiting for the running switch/);
    await queued.ready;
    await release(101);
    const q = await queued.done;
    assert.equal(q.code, 0, q.stdout + q.stderr);
    assert.match(q.stdout, /✅ Now in nimsforestnogpu mode/);
    assert.equal((await first.done).code, 0);
  });

  step('attaches a second request for the same target to the running switch', async () => {
    await holdShutdown(103);
    const first = startCli(t.cli.args('mode', 'switch', 'linuxvrstreaming'), t.cli.env, /Switching from/);
    await first.ready;
    const second = startCli(t.cli.args('mode', 'switch', 'linuxvrstreaming'), t.cli.env, /A switch to linuxvrstreaming is already running; attaching to it\./);
    await second.ready;
    await release(103);
    const s = await second.done;
    assert.equal(s.code, 0, s.stdout + s.stderr);
    assert.match(s.stdout, /✅ Now in linuxvrstreaming mode/);
    assert.equal((await first.done).code, 0);
  });

  step('lets exactly one of two simultaneous requests run; the other is told it is busy', async () => {
    await holdShutdown(101);
    const a = startCli(t.cli.args('mode', 'switch', 'windowsvrstreaming'), t.cli.env, /Switching from|Another switch is in progress/);
    const b = startCli(t.cli.args('mode', 'switch', 'nimsforestnogpu'), t.cli.env, /Switching from|Another switch is in progress/);
    // Whichever started first is held at the shutdown of VM 101 until the other has had its answer.
    const loser = await Promise.race([a.done, b.done]);
    await release(101);
    const codes = [(await a.done).code, (await b.done).code];
    assert.deepEqual(codes.sort(), [0, 5], loser.stdout);
    // Proxmox's PCI guard is on here: a refusal is how Morpheus trying a second GPU holder would show.
    assert.deepEqual((await t.h.sim.control.gpuTimeline()).refusals, []);
  });
});
