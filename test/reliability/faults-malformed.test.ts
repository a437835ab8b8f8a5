import assert from 'node:assert/strict';
import { after, afterEach, before, describe } from 'node:test';
import type { Worker } from '@temporalio/worker';
import { cliSetup, runCli } from '../support/cli';
import { inSequence } from '../support/in-sequence';
import { startHarness, type Harness } from '../support/harness';
import { activitiesOf, MORPHEUS_GUARD_ONLY, runSwitch, runningVms, switchInput } from '../support/reliability';

const CONFIG_READS = '/qemu/\\d+/config$';
const ENDPOINT = /\(GET \/nodes\/[\w-]+\/qemu\/\d+\/config\)/;

describe('malformed answers: truncated JSON, JSON of the wrong shape, HTML error pages', () => {
  let h: Harness;
  let worker: Worker;
  let cli: ReturnType<typeof cliSetup>;
  const injected: number[] = [];
  // Each test starts from the host the one before left.
  const step = inSequence();
  before(async () => {
    h = await startHarness({ scenario: MORPHEUS_GUARD_ONLY });
    worker = await h.startWorker();
    cli = cliSetup(h);
  });
  afterEach(async () => {
    injected.push((await h.sim.control.requests()).injected.malformed);
    await h.sim.control.setFaults({});
    await h.sim.control.clearRequests();
  });
  after(async () => {
    console.log(`faults-malformed: malformed answers injected per test: ${injected.join(', ')}`);
    await h.close();
  });

  step('names the endpoint at once when Proxmox keeps answering a read with the wrong shape (CLI, exit 4)', async () => {
    await h.sim.control.setFaults({ malformed_rate: 1, malformed_kinds: ['missing-field'], paths: CONFIG_READS });
    const started = performance.now();
    const r = await runCli(cli.args('mode', 'switch', 'windowsvrstreaming'), cli.env);
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stderr, /error: VM \d+: unexpected answer from Proxmox at data\.unexpected: /);
    assert.match(r.stderr, ENDPOINT);
    assert.ok(performance.now() - started < 10_000, 'a persistent incompatibility is not retried for minutes');
    assert.deepEqual(await runningVms(h), [101]);
  });

  step('fails the workflow on the same incompatibility without retrying it', async () => {
    await h.sim.control.setFaults({ malformed_rate: 1, malformed_kinds: ['missing-field'], paths: CONFIG_READS });
    const r = await runSwitch(h, switchInput('windowsvrstreaming'));
    assert.ok(!r.ok);
    const cause = r.chain.find((c) => c.startsWith('ProxmoxResponseError: '));
    assert.ok(cause, r.chain.join(' <- '));
    assert.match(cause, ENDPOINT);
    assert.deepEqual(
      (await activitiesOf(h, r.runId)).map((a) => `${a.type}#${a.attempt}:${a.outcome}`),
      ['observe#1:failed'],
    );
    // Each config was read three times (the same wrong shape every time) before Morpheus gave up.
    const reads = (await h.sim.control.requests()).endpoints['GET /nodes/{node}/qemu/{vmid}/config'];
    assert.equal(reads?.count, 5 * 3);
  });

  step('reads again past truncated JSON and HTML error pages, which are no verdict', async () => {
    await h.sim.control.setFaults({ malformed_rate: 0.5, malformed_kinds: ['truncated', 'html'], paths: CONFIG_READS });
    const r = await runSwitch(h, switchInput('windowsvrstreaming'));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(await runningVms(h), [102]);
    assert.ok((await h.sim.control.requests()).injected.malformed > 0, 'no malformed answer was injected');
  });

  step('starts a VM once when the answer to its start request was garbled: the retry finds it running', async () => {
    await h.sim.control.setFaults({ malformed_rate: 1, paths: '/status/start$' });
    const r = await runSwitch(h, switchInput('linuxvrstreaming'));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(await runningVms(h), [101]);
    const start = (await activitiesOf(h, r.runId)).find((a) => a.type === 'startAndVerify');
    assert.equal(start?.attempt, 2, 'the garbled answer failed the first attempt, the second found the VM running');
    assert.match(start?.lastFailure ?? '', /unexpected answer from Proxmox|not JSON|502 "Bad Gateway"/);
    assert.equal((await h.sim.control.requests()).endpoints['POST /nodes/{node}/qemu/{vmid}/status/start']?.count, 1, 'the start was not sent twice');
  });

  step('completes every switch with 10% of all answers malformed', async () => {
    await h.sim.control.setFaults({ malformed_rate: 0.1 });
    const targets = ['windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu', 'nimsforestnogpu', 'linuxvrstreaming', 'windowsvrstreaming'];
    const vmid: Record<string, number> = { linuxvrstreaming: 101, windowsvrstreaming: 102, nimsforestnogpu: 103, nimsforestsharedgpu: 104 };
    for (const target of targets) {
      const r = await runSwitch(h, switchInput(target));
      assert.ok(r.ok, `switch to ${target}: ${r.ok ? '' : r.chain.join(' <- ')}`);
      assert.deepEqual(await runningVms(h), [vmid[target]]);
    }
    assert.ok((await h.sim.control.requests()).injected.malformed > 0);
  });

  step('kept the worker running throughout, and it switches normally once Proxmox answers properly', async () => {
    assert.equal(worker.getState(), 'RUNNING');
    const r = await runSwitch(h, switchInput('linuxvrstreaming'));
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(
      (await activitiesOf(h, r.runId)).filter((a) => a.attempt > 1),
      [],
    );
    // The simulator's PCI guard is off here: an overlap Morpheus allowed would be recorded.
    assert.deepEqual((await h.sim.control.gpuTimeline()).overlaps, []);
  });
});
