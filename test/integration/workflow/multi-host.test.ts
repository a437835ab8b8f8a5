import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ApplicationFailure, type Client, type Connection, WorkflowFailedError } from '@temporalio/client';
import { parseConfigHosts } from '../../../src/config';
import type { Config } from '../../../src/config/schema';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput, type SwitchResult } from '../../../src/contract/switch';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { endpointOf, simulatorHostsConfigYaml } from '../../../src/simulator/config-snippet';
import { runWorker, type RunningWorker } from '../../../src/worker/run-worker';
import { runCli } from '../../support/cli';
import { eventually } from '../../support/eventually';
import { MORPHEUS_GUARD_ONLY } from '../../support/reliability';
import { finishWhenUnderWay, HELD, startTestSimulator, type TestSimulator } from '../../support/simulator';
import { installTestRuntime, testTemporal } from '../../support/temporal';

// One worker serves two hosts of a `hosts:` config, each a simulator of its own with the PCI guard
// off: only Morpheus keeps each host's GPU to one VM. Each host has its own lock (workflow id).
const SWITCH = 'switch:\n  shutdown_timeout: 1h\n  start_timeout: 20s\n  network_timeout: 5s';

describe('one worker for several hosts (hosts:)', () => {
  const sims: TestSimulator[] = [];
  let hosts: Config[];
  let temporal: { client: Client; connection: Connection; taskQueue: string; address: string };
  let worker: RunningWorker;
  let configFile: string;
  let env: NodeJS.ProcessEnv;

  const running = async (sim: TestSimulator) =>
    (await sim.control.state()).vms
      .filter((v) => v.status === 'running')
      .map((v) => v.vmid)
      .sort((a, b) => a - b);

  const input = (target: string): SwitchInput => ({ action: 'switch', target, force: false, requestedBy: 'test' });
  const start = (sim: TestSimulator, target: string, workflowId = switchWorkflowId(sim.node)) =>
    temporal.client.workflow.start(SWITCH_WORKFLOW_TYPE, { workflowId, taskQueue: temporal.taskQueue, args: [input(target)] });

  before(async () => {
    const id = randomUUID().slice(0, 8);
    for (const suffix of ['a', 'b']) {
      sims.push(await startTestSimulator({ scenario: { ...DEFAULT_SCENARIO, ...MORPHEUS_GUARD_ONLY, node: `pve-${id}-${suffix}` } }));
    }
    temporal = await testTemporal();
    const yaml = simulatorHostsConfigYaml(
      sims.map((sim, i) => ({ ...endpointOf(sim), secretVar: `TOKEN_${i}` })),
      `${SWITCH}\ntemporal:\n  address: "${temporal.address}"\n  task_queue: "${temporal.taskQueue}"`,
    );
    env = Object.fromEntries(sims.map((sim, i) => [`TOKEN_${i}`, sim.token.secret]));
    configFile = join(mkdtempSync(join(tmpdir(), 'morpheus-hosts-')), 'config.yaml');
    writeFileSync(configFile, yaml);
    hosts = parseConfigHosts(yaml, { source: configFile, env }).hosts;
    installTestRuntime();
    worker = await runWorker(hosts);
  });
  after(async () => {
    await worker?.stop();
    await temporal?.connection.close();
    await Promise.all(sims.map((sim) => sim.close()));
  });

  it('runs a switch on each host at once, each with its own client and lock: one waits on its guest, the other completes meanwhile', async () => {
    const [a, b] = sims as [TestSimulator, TestSimulator];
    await a.control.patchVm(101, { behaviour: { shutdown_duration: HELD } });
    const onA = await start(a, 'windowsvrstreaming');
    const onB = await start(b, 'windowsvrstreaming');
    const resultB = (await onB.result()) as SwitchResult;
    assert.equal(resultB.outcome, 'switched');
    assert.deepEqual(await running(b), [102]);
    // Host a's switch is still at its shutdown: b's switch neither waited for it nor touched it.
    assert.equal((await onA.describe()).status.name, 'RUNNING');
    assert.deepEqual(await running(a), [101]);
    await finishWhenUnderWay(a.control, 101);
    assert.equal(((await onA.result()) as SwitchResult).outcome, 'switched');
    assert.deepEqual(await running(a), [102]);
    for (const sim of sims) {
      assert.deepEqual((await sim.control.gpuTimeline()).overlaps, [], `GPU overlaps on ${sim.node}`);
      const vmids = new Set((await sim.control.tasks()).map((task) => task.vmid));
      assert.deepEqual([...vmids].sort(), [101, 102], `tasks on ${sim.node}`);
    }
  });

  it("refuses a switch for a host it does not serve, naming the hosts it does, and touches neither host's VMs", async () => {
    await Promise.all(sims.map((sim) => sim.control.clearRequests()));
    const handle = await start(sims[0]!, 'linuxvrstreaming', switchWorkflowId('pve-elsewhere'));
    const err = await handle.result().then(
      () => assert.fail('the switch completed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError, String(err));
    const failure = err.cause as ApplicationFailure;
    assert.equal(
      failure.message,
      `Observing the host failed: this worker serves hosts ${sims[0]!.node}, ${sims[1]!.node} (workflows morpheus-switch-<node>), not morpheus-switch-pve-elsewhere; observe did nothing`,
    );
    for (const sim of sims) assert.equal((await sim.control.requests()).total, 0, sim.node);
  });

  it('lets the CLI act on the host --host (or MORPHEUS_HOST) names, and asks which one when none is named', async () => {
    const [a, b] = sims as [TestSimulator, TestSimulator];
    await b.control.patchVm(102, { behaviour: { shutdown_duration: 0 } });
    const switched = await runCli(['--config', configFile, 'mode', 'switch', 'linuxvrstreaming', '--host', b.node, '--json'], env);
    assert.equal(switched.code, 0, switched.stdout + switched.stderr);
    assert.deepEqual(await running(b), [101]);
    assert.deepEqual(await running(a), [102], 'host a is untouched');

    const listed = await runCli(['--config', configFile, 'mode', 'list', '--json'], { ...env, MORPHEUS_HOST: a.node });
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual((JSON.parse(listed.stdout) as { current: string[] }).current, ['windowsvrstreaming']);

    const unnamed = await runCli(['--config', configFile, 'mode', 'list'], env);
    assert.equal(unnamed.code, 2, unnamed.stdout + unnamed.stderr);
    assert.match(unnamed.stderr, new RegExp(`names 2 hosts \\(${a.node}, ${b.node}\\); this command acts on one`));
    assert.match(unnamed.stderr, /choose one with --host <name> or MORPHEUS_HOST/);
    assert.doesNotMatch(unnamed.stderr, /\n\s+at /, 'no stack trace');
  });

  it("fires a host's schedule through the same worker, as that host's switch", async () => {
    const [a, b] = sims as [TestSimulator, TestSimulator];
    const cli = (...args: string[]) => runCli(['--config', configFile, ...args, '--host', b.node], env);
    const added = await cli('schedule', 'add', 'vr-now', '--mode', 'windowsvrstreaming', '--every', '24h');
    assert.equal(added.code, 0, added.stdout + added.stderr);
    try {
      const triggered = await cli('schedule', 'trigger', 'vr-now');
      assert.equal(triggered.code, 0, triggered.stdout + triggered.stderr);
      await eventually(async () => ((await running(b)).join() === '102' ? true : undefined), { what: `host ${b.node} to run VM 102 only` });
      // The visibility store lists the closed run a moment after it closed.
      const last = await eventually(
        async () => {
          const history = await cli('mode', 'history', '--json');
          const run = (JSON.parse(history.stdout) as { node: string; switches: { to: string; outcome: string; requested_by: string }[] }).switches[0];
          return run?.outcome === 'switched' ? run : undefined;
        },
        { what: `a finished switch in the history of ${b.node}` },
      );
      assert.equal(last.to, 'windowsvrstreaming');
      assert.match(last.requested_by, /^schedule:vr-now/);
      assert.deepEqual(await running(a), [102], 'host a is untouched');
    } finally {
      await cli('schedule', 'delete', 'vr-now');
    }
  });
});
