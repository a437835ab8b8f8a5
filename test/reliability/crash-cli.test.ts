import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { switchWorkflowId } from '../../src/contract/switch';
import { cliSetup, runCli } from '../support/cli';
import { START } from '../support/crash-checks';
import { finishWhenUnderWay, HELD } from '../support/simulator';
import { CrashFigures, dice, REPEAT } from '../support/crash-figures';
import { startHarness } from '../support/harness';
import { spawnMorpheus } from '../support/process';
import { MORPHEUS_GUARD_ONLY, pendingWhen } from '../support/reliability';

// The CLI only watches: killing it (Ctrl-C or kill -9) once the first step is printed leaves the switch
// running in Temporal; `mode status` shows it in progress and `mode watch` re-attaches to its end.

// The network wait lasts until the test ends it: the timeout must not.
const SWITCH = 'switch:\n  shutdown_timeout: 10s\n  start_timeout: 30s\n  network_timeout: 5m';
const figures = new CrashFigures('crash-cli');

async function killCliMidSwitch(signal: 'SIGINT' | 'SIGKILL', salt: number): Promise<void> {
  const d = dice(salt);
  const h = await startHarness({ switchSection: SWITCH, timeScale: 1, scenario: MORPHEUS_GUARD_ONLY });
  try {
    await h.startWorker();
    // 101 powers off in 1 s; 102 starts in 1 s and its agent answers only once the test says so
    // (after `mode watch` has attached): the switch outlives the CLI on any machine.
    await h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 1 } });
    await h.sim.control.patchVm(102, { behaviour: { start_duration: 1, boot_duration: HELD } });
    const cli = cliSetup(h, { switchSection: SWITCH });
    const morpheus = (...args: string[]) => runCli(cli.args(...args), cli.env);

    const watching = spawnMorpheus(cli.args('mode', 'switch', 'windowsvrstreaming'), cli.env);
    await watching.waitFor(/Switching from linuxvrstreaming → windowsvrstreaming\.\.\.\n {2}Shutting down linuxvrstreaming \(VM 101\)\.\.\. ✓/, 30_000);
    await sleep(d.offset(3_000));
    watching.child.kill(signal);
    const code = await watching.exited;
    const killedAt = Date.now();
    figures.runs++;
    figures.kills++;
    if (signal === 'SIGINT') {
      assert.equal(code, 130, watching.output());
      assert.match(watching.output(), /Stopped watching; the switch goes on in the background\. Re-attach with: morpheus mode watch/);
    } else {
      assert.equal(watching.child.signalCode, 'SIGKILL');
    }

    const handle = h.client.workflow.getHandle(switchWorkflowId(h.config.proxmox.node));
    assert.equal((await handle.describe()).status.name, 'RUNNING', 'the switch goes on without the CLI');
    const status = await morpheus('mode', 'status');
    assert.equal(status.code, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /⏳ Switch in progress: pve-\w+: linuxvrstreaming → windowsvrstreaming, for \S+/);
    assert.match(status.stdout, /Watch it: morpheus mode watch/);

    const watch = spawnMorpheus(cli.args('mode', 'watch'), cli.env);
    await watch.waitFor(/Switching from linuxvrstreaming → windowsvrstreaming\.\.\./, 30_000);
    // Once the switch waits for the network, the guest agent of VM 102 answers.
    await pendingWhen(h, (a) => a.type === 'waitForNetwork');
    await finishWhenUnderWay(h.sim.control, 102);
    await watch.waitFor(/✅ Now in windowsvrstreaming mode\n {3}IP: 192\.168\.1\.151/, 60_000);
    assert.equal(await watch.exited, 0, watch.output());
    assert.match(watch.output(), /Waiting for network\.\.\. ✓/);
    figures.recovered(`CLI ${signal}`, Date.now() - killedAt);

    assert.equal((await handle.describe()).status.name, 'COMPLETED');
    const [state, requests, timeline] = await Promise.all([h.sim.control.state(), h.sim.control.requests(), h.sim.control.gpuTimeline()]);
    figures.overlaps += timeline.overlaps.length;
    if ((requests.endpoints[START]?.count ?? 0) !== 1) figures.doubleStarts++;
    figures.completed++;
    assert.deepEqual(
      state.vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [102],
    );
    assert.equal(requests.endpoints[START]?.count, 1);
    assert.deepEqual(timeline.overlaps, []);
  } finally {
    await h.close();
  }
}

describe('killing the CLI while it watches a switch', { concurrency: true }, () => {
  after(() => figures.report());

  it('Ctrl-C detaches with the re-attach hint and exit code 130; the switch goes on and `mode watch` follows it to the end', async () => {
    for (let round = 0; round < REPEAT; round++) await killCliMidSwitch('SIGINT', 300 + round);
  });

  it('kill -9 of the CLI changes nothing: `mode status` shows the switch in progress and `mode watch` sees it finish', async () => {
    for (let round = 0; round < REPEAT; round++) await killCliMidSwitch('SIGKILL', 400 + round);
  });
});
