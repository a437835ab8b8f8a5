import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../../src/devserver/project-root';
import { cliHarness, runCli, type CliRun } from '../../support/cli';

/** Starts a CLI process and resolves once its output matches `ready`, then with its end. */
function startCli(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): { ready: Promise<void>; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'morpheus.js'), ...args], { env: { PATH: process.env['PATH'], NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  let signal: () => void = () => undefined;
  const readyP = new Promise<void>((resolve) => (signal = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (ready.test(stdout)) signal();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr })));
  return { ready: readyP, done };
}

describe('concurrent switch requests', () => {
  // A shutdown timeout longer than the slowed guest's shutdown, so the first switch really lasts.
  const switchSection = 'switch:\n  shutdown_timeout: 20s\n  start_timeout: 20s\n  network_timeout: 5s';
  const t = cliHarness({ switchSection });
  const slowShutdown = (vmid: number) => t.h.sim.control.patchVm(vmid, { behaviour: { shutdown_duration: 500 } }); // 5 s at scale 0.01: long enough to be seen running under load

  it('answers a second request at once with who is switching to what, and --queue runs it afterwards', async () => {
    await slowShutdown(101);
    const first = startCli(t.cli.args('mode', 'switch', 'windowsvrstreaming'), t.cli.env, /Switching from/);
    await first.ready;
    const started = Date.now();
    const second = await runCli(t.cli.args('mode', 'switch', 'nimsforestnogpu'), t.cli.env);
    assert.equal(second.code, 5, second.stdout + second.stderr);
    assert.match(second.stdout, /⏳ Another switch is in progress on pve-\w+: switch to windowsvrstreaming, requested by cli:\S+, running for/);
    assert.match(second.stdout, /Watch it: +morpheus mode watch/);
    // At once: well before the first switch (a 5 s shutdown alone) could end; exit 5 shows it did not wait.
    assert.ok(Date.now() - started < 8_000, 'the busy answer should come at once');
    const queued = await runCli(t.cli.args('mode', 'switch', 'nimsforestnogpu', '--queue'), t.cli.env);
    assert.equal(queued.code, 0, queued.stdout + queued.stderr);
    assert.match(queued.stdout, /Waiting for the running switch/);
    assert.match(queued.stdout, /✅ Now in nimsforestnogpu mode/);
    assert.equal((await first.done).code, 0);
  });

  it('attaches a second request for the same target to the running switch', async () => {
    await slowShutdown(103);
    const first = startCli(t.cli.args('mode', 'switch', 'linuxvrstreaming'), t.cli.env, /Switching from/);
    await first.ready;
    const second = await runCli(t.cli.args('mode', 'switch', 'linuxvrstreaming'), t.cli.env);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /A switch to linuxvrstreaming is already running; attaching to it\./);
    assert.match(second.stdout, /✅ Now in linuxvrstreaming mode/);
    assert.equal((await first.done).code, 0);
  });

  it('lets exactly one of two simultaneous requests run; the other is told it is busy', async () => {
    await slowShutdown(101);
    const [a, b] = await Promise.all([
      runCli(t.cli.args('mode', 'switch', 'windowsvrstreaming'), t.cli.env),
      runCli(t.cli.args('mode', 'switch', 'nimsforestnogpu'), t.cli.env),
    ]);
    assert.deepEqual([a.code, b.code].sort(), [0, 5], a.stdout + b.stdout);
    const timeline = await t.h.sim.control.gpuTimeline();
    assert.deepEqual(timeline.overlaps, []);
    assert.deepEqual(timeline.refusals, []);
  });
});
