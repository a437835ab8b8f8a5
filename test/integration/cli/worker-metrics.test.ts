import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type RunningDevServer } from '../../../src/devserver/dev-server';
import { freePort } from '../../../src/devserver/free-port';
import { projectRoot } from '../../../src/shared/project-root';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput, type SwitchResult } from '../../../src/contract/switch';
import { testConfigYaml } from '../../support/morpheus';
import { spawnMorpheus, type Spawned } from '../../support/process';
import { parseSamples, sumOf, type Sample } from '../../support/prometheus';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

// `morpheus worker --metrics` as a real process, on a dev server of this file's own (the last test stops
// it), scraped while a real switch runs against the simulator and after it ends.

const SHUTDOWN_TIMEOUT_MS = 3_000;
const SWITCH = `switch:\n  shutdown_timeout: ${SHUTDOWN_TIMEOUT_MS / 1000}s\n  start_timeout: 20s\n  network_timeout: 5s`;

/** The health probe the container image runs, as a process: its exit code and what it printed. */
function probe(url: string): Promise<{ code: number; output: string }> {
  const script = join(projectRoot(), 'dist', 'src', 'worker', 'health-probe.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [script, url], { timeout: 20_000 }, (err, stdout) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: stdout }),
    );
  });
}

/** Resolves once `check` holds, asking again every 100 ms (each ask reads live state). */
async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('morpheus worker --metrics', () => {
  const node = `pve-metrics-${randomUUID().slice(0, 6)}`;
  let server: RunningDevServer;
  let sim: TestSimulator;
  let worker: Spawned;
  let connection: Connection;
  let client: Client;
  let dir: string;
  let base: string;
  const taskQueue = `morpheus-${node}`;

  const scrape = async (): Promise<Sample[]> => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    return parseSamples(await res.text());
  };

  before(async () => {
    const cliPath = process.env['MORPHEUS_TEST_TEMPORAL_CLI'];
    if (!cliPath) throw new Error('MORPHEUS_TEST_TEMPORAL_CLI is not set: run the tests with `npm test`');
    server = await startDevServer({ cliPath, uiPort: false });
    sim = await startTestSimulator({ scenario: { ...DEFAULT_SCENARIO, node } });
    dir = mkdtempSync(join(tmpdir(), 'morpheus-metrics-'));
    writeFileSync(join(dir, 'config.yaml'), testConfigYaml(sim, { taskQueue, temporalAddress: server.address, switchSection: SWITCH }));
    const port = await freePort();
    worker = spawnMorpheus(['--config', join(dir, 'config.yaml'), 'worker', '--metrics', `127.0.0.1:${port}`], { PROXMOX_API_TOKEN: sim.token.secret });
    await worker.waitFor(/Metrics: (\S+)\/metrics, health: \S+\/healthz/);
    base = `http://127.0.0.1:${port}`;
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
  });

  after(async () => {
    worker?.child.kill('SIGTERM');
    const killer = setTimeout(() => worker?.child.kill('SIGKILL'), 30_000);
    await worker?.exited;
    clearTimeout(killer);
    await connection?.close();
    await sim?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz with 200 while the worker polls and Temporal serves, and the image probe exits 0', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', worker: 'RUNNING', temporal: 'SERVING' });
    const r = await probe(`${base}/healthz`);
    assert.equal(r.code, 0, r.output);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  });

  it('refuses a --metrics value that is not host:port, and a port already taken, with exit 2 and the fix', async () => {
    const env = { PROXMOX_API_TOKEN: sim.token.secret };
    const bad = spawnMorpheus(['--config', join(dir, 'config.yaml'), 'worker', '--metrics', '9464'], env);
    assert.equal(await bad.exited, 2, bad.output());
    assert.match(bad.output(), /error: --metrics 9464: expected host:port, e\.g\. 127\.0\.0\.1:9464/);
    const taken = spawnMorpheus(['--config', join(dir, 'config.yaml'), 'worker', '--metrics', base.replace('http://', '')], env);
    assert.equal(await taken.exited, 2, taken.output());
    assert.match(taken.output(), /error: --metrics 127\.0\.0\.1:\d+: cannot listen there \(EADDRINUSE\)\nhint: another process uses that port; pick another/);
  });

  it("counts the switch, its steps and each Proxmox exchange by outcome, during the switch and after, with the SDK's own metrics", async () => {
    // The old mode ignores ACPI, so the switch spends the whole shutdown timeout at its stop step: the
    // scrape below happens while it runs. One in five Proxmox answers is a transient 5xx, which the
    // client and the activities retry.
    await sim.control.patchVm(101, { behaviour: { ignores_acpi: true } });
    await sim.control.setFaults({ error_rate: 0.2 });
    const before = await scrape();
    await sim.control.clearRequests();
    const input: SwitchInput = { action: 'switch', target: 'windowsvrstreaming', force: false, requestedBy: 'test' };
    const handle = await client.workflow.start<(i: SwitchInput) => Promise<SwitchResult>>(SWITCH_WORKFLOW_TYPE, {
      workflowId: switchWorkflowId(node),
      taskQueue,
      args: [input],
    });

    await until(async () => sumOf(await scrape(), 'morpheus_proxmox_requests_total') > sumOf(before, 'morpheus_proxmox_requests_total'));
    const during = await scrape();
    assert.equal((await handle.describe()).status.name, 'RUNNING', 'the scrape above happened during the switch');
    assert.equal(sumOf(during, 'morpheus_switches_total'), sumOf(before, 'morpheus_switches_total'), 'no switch is counted before it ends');
    assert.ok(sumOf(during, 'temporal_worker_task_slots_available') > 0, "the SDK's runtime metrics are served too");

    assert.equal((await handle.result()).outcome, 'switched');
    await sim.control.setFaults({});
    // A probe still out when the network wait ended (the agent takes seconds to say "not yet") is
    // answered after the switch: read the log and the metrics once both have seen every exchange.
    let log = await sim.control.requests();
    let afterSwitch: Sample[] = [];
    await until(async () => {
      afterSwitch = await scrape();
      log = await sim.control.requests();
      const counted = sumOf(afterSwitch, 'morpheus_proxmox_request_duration_count') - sumOf(before, 'morpheus_proxmox_request_duration_count');
      return sumOf(afterSwitch, 'morpheus_switches_total') > sumOf(before, 'morpheus_switches_total') && counted === log.total && log.held === 0;
    });
    const delta = (name: string, labels: Record<string, string> = {}) => sumOf(afterSwitch, name, labels) - sumOf(before, name, labels);

    const counted = (samples: Sample[]) => JSON.stringify(samples.filter((s) => s.name === 'morpheus_switches_total'));
    assert.equal(delta('morpheus_switches_total', { action: 'switch', outcome: 'switched' }), 1, `before ${counted(before)}, after ${counted(afterSwitch)}`);
    assert.equal(delta('morpheus_switches_total'), 1);
    for (const step of ['observe', 'stop', 'gpu', 'start', 'network']) {
      assert.equal(delta('morpheus_switch_step_duration_count', { step, status: 'done' }), 1, `one ${step} step`);
    }
    assert.ok(delta('morpheus_switch_step_duration_sum', { step: 'stop' }) >= SHUTDOWN_TIMEOUT_MS, 'the stop step lasted the whole shutdown timeout');

    // Every exchange the simulator logged is counted once, as ok (2xx) or as an error (anything else).
    const logged = (ok: boolean) =>
      Object.values(log.endpoints)
        .flatMap((e) => Object.entries(e.statuses))
        .filter(([status]) => /^2\d\d$/.test(status) === ok)
        .reduce((n, [, count]) => n + count, 0);
    assert.ok(log.injected.errors > 0, 'the simulator injected errors');
    assert.equal(delta('morpheus_proxmox_requests_total', { outcome: 'ok' }), logged(true));
    assert.equal(delta('morpheus_proxmox_requests_total') - delta('morpheus_proxmox_requests_total', { outcome: 'ok' }), logged(false));
    assert.ok(delta('morpheus_proxmox_requests_total', { outcome: 'PROXMOX_UNAVAILABLE' }) >= log.injected.errors, 'injected 5xx count as PROXMOX_UNAVAILABLE');
    assert.equal(delta('morpheus_proxmox_request_duration_count'), log.total);
    assert.equal(delta('temporal_workflow_completed', { workflow_type: SWITCH_WORKFLOW_TYPE }), 1);
  });

  it('answers /healthz with 503 naming Temporal once the server is gone, and the image probe exits 1', async () => {
    await server.stop();
    let res: Response | undefined;
    await until(async () => (res = await fetch(`${base}/healthz`)).status === 503);
    const report = (await res!.json()) as { status: string; worker: string; temporal: string };
    assert.equal(report.status, 'unhealthy');
    assert.match(report.temporal, /^unreachable/);
    const r = await probe(`${base}/healthz`);
    assert.equal(r.code, 1);
    assert.match(r.output, /"temporal":"unreachable/);
  });
});
