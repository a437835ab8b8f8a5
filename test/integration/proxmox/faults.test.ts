import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import type { ProxmoxClient } from '../../../src/proxmox/client';
import { ProxmoxError, ProxmoxResponseError, ProxmoxTransientError } from '../../../src/proxmox/errors';
import { fixedReadRetry } from '../../../src/proxmox/read-retry';
import { assertNoSecret, rejectsWith } from '../../support/errors';
import { eventually } from '../../support/eventually';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

/** Every kind of call, each with the API path it should name when it fails. */
const CALLS: readonly [string, (c: ProxmoxClient) => Promise<unknown>][] = [
  ['GET /version', (c) => c.version()],
  ['GET /nodes/pve/qemu', (c) => c.listVms()],
  ['GET /nodes/pve/qemu/101/status/current', (c) => c.vmStatus(101)],
  ['GET /nodes/pve/qemu/101/config', (c) => c.vmConfig(101)],
  ['GET /nodes/pve/hardware/pci', (c) => c.pciDevices()],
  ['GET /nodes/pve/status', (c) => c.nodeStatus()],
  ['GET /nodes/pve/qemu/101/agent/network-get-interfaces', (c) => c.agentNetworkInterfaces(101)],
  ['POST /nodes/pve/qemu/103/status/start', (c) => c.startVm(103)],
];

describe('ProxmoxClient under injected faults', () => {
  let sim: TestSimulator;
  let client: ProxmoxClient;
  let secrets: string[];
  before(async () => {
    sim = await startTestSimulator();
    // One read per call, so each fault is seen as it comes; re-reading is tested in test/reliability.
    client = sim.client({ readRetry: fixedReadRetry(1) });
    secrets = sim.tokens.map((t) => t.secret);
  });
  afterEach(() => sim.control.setFaults({}));
  after(() => sim.close());

  it('turns every malformed body into a ProxmoxTransientError or ProxmoxResponseError naming the endpoint', async () => {
    await sim.control.setFaults({ malformed_rate: 1 });
    await sim.control.clearRequests();
    for (let round = 0; round < 4; round++) {
      for (const [endpoint, call] of CALLS) {
        let caught: unknown;
        await call(client).catch((err: unknown) => (caught = err));
        assert.ok(caught instanceof ProxmoxTransientError || caught instanceof ProxmoxResponseError, `${endpoint}: ${String(caught)}`);
        assert.ok(caught.message.endsWith(`(${endpoint})`), caught.message);
        assertNoSecret(caught, secrets);
      }
    }
    const { injected } = await sim.control.requests();
    assert.equal(injected.malformed, CALLS.length * 4);
    await sim.control.setFaults({});
    assert.equal((await client.version()).release, '9.0', 'the simulator and the client still work');
  });

  it('names the JSON problem without echoing the whole body', async () => {
    await sim.control.setFaults({ malformed_rate: 1, paths: '^/version$' });
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const err = await rejectsWith(client.version(), ProxmoxError, secrets);
      if (err instanceof ProxmoxResponseError) seen.add(`response: ${err.message}`);
      else if (err.status === 200) seen.add(`not json: ${err.message.replace(/\(.*\)/, '()')}`);
      else seen.add(`status ${err.status}`);
    }
    assert.ok(
      [...seen].some((s) => s.startsWith('response: unexpected answer from Proxmox at data.version')),
      [...seen].join('\n'),
    );
    assert.ok(
      [...seen].some((s) => s.startsWith('not json: answered 200 with a body that is not JSON')),
      [...seen].join('\n'),
    );
    assert.ok(seen.has('status 502'), [...seen].join('\n'));
  });

  it('makes every error retryable under transient 5xx answers and dropped connections', async () => {
    await sim.control.setFaults({ error_rate: 0.3, drop_rate: 0.3 });
    const errors: ProxmoxError[] = [];
    let successes = 0;
    for (let round = 0; round < 8; round++) {
      for (const [endpoint, call] of CALLS) {
        try {
          await call(client);
          successes++;
        } catch (err) {
          assert.ok(err instanceof ProxmoxError, `${endpoint}: ${String(err)}`);
          assertNoSecret(err, secrets);
          errors.push(err);
        }
      }
    }
    const { injected } = await sim.control.requests();
    assert.ok(injected.errors > 0 && injected.drops > 0, JSON.stringify(injected));
    assert.ok(successes > 0);
    const notRetryable = errors.filter((e) => !e.retryable).map((e) => `${e.name}: ${e.message}`);
    assert.deepEqual(notRetryable, []);
    assert.ok(errors.some((e) => e.status === 595) && errors.some((e) => e.status === 596), 'both proxy pseudo-statuses were seen');
  });

  it('gives up at the request deadline with a retryable error that names it', async () => {
    // The simulator holds the request unanswered: only the client's deadline can end it.
    await sim.control.setFaults({ hold: true, paths: '^/version$' });
    const hasty = sim.client({ requestTimeoutMs: 100 });
    const started = performance.now();
    const err = await rejectsWith(hasty.version(), ProxmoxTransientError, secrets);
    assert.ok(performance.now() - started >= 95, 'gave up before its deadline');
    assert.equal(err.retryable, true);
    assert.equal(err.message, 'no answer within 100 ms (GET /version)');
    assert.match(err.hint ?? '', /request_timeout/);
  });

  it("rethrows the caller's abort reason as is", async () => {
    await sim.control.setFaults({ hold: true, paths: '^/version$' });
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    const call = client.version({ signal: controller.signal });
    // Abort once the request is surely in flight: the simulator holds it.
    await eventually(async () => ((await sim.control.requests()).held === 1 ? true : undefined), { what: 'the request to be held' });
    controller.abort(reason);
    await assert.rejects(call, (err) => err === reason);
  });

  it('holds a request unanswered, before it takes effect, until the faults change; then drops its connection', async () => {
    // A fresh host (earlier tests here started VM 103), counters from zero.
    await sim.control.reset(DEFAULT_SCENARIO);
    await sim.control.setFaults({ hold: true, paths: '/status/start$' });
    const start = client.startVm(103).then(
      () => assert.fail('the held start was answered'),
      (err: unknown) => err,
    );
    await eventually(async () => ((await sim.control.requests()).held === 1 ? true : undefined), { what: 'the start request to be held' });
    assert.equal((await client.vmStatus(103)).status, 'stopped', 'other paths are answered');
    await sim.control.setFaults({});
    const err = await start;
    assert.ok(err instanceof ProxmoxTransientError, String(err));
    const requests = await sim.control.requests();
    assert.equal(requests.held, 0);
    assert.deepEqual(requests.endpoints['POST /nodes/{node}/qemu/{vmid}/status/start']?.statuses, { dropped: 1 });
    assert.deepEqual(
      (await sim.control.tasks()).filter((t) => t.type === 'qmstart'),
      [],
      'the held start never reached the host',
    );
    assert.equal((await client.vmStatus(103)).status, 'stopped');
  });
});
