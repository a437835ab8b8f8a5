import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfigText } from '../../../src/config';
import { freePort } from '../../../src/devserver/free-port';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { runWorker, type RunningWorker } from '../../../src/worker/run-worker';
import { switchWorkflowId, type SwitchResult } from '../../../src/contract/switch';
import { runCli } from '../../support/cli';
import { eventually } from '../../support/eventually';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';
import { installTestRuntime, testTemporal } from '../../support/temporal';
import { expectedMagicPacket, listenUdp, type UdpListener } from '../../support/udp-listener';

const MAC = 'BC:24:11:2E:C5:4A';
const TOKEN = { id: 'morpheus@pam!morpheus-token', secret: 'wake-switch-secret' };

// A host that is asleep when the switch is asked for: nothing listens on its API port until its "NIC"
// (a UDP socket on 127.0.0.1) has received the magic packet; then the test starts the simulator there.
// Its certificate does not exist before that, so the config does not verify it.
describe('a switch with wake_if_unreachable: true', () => {
  const node = `pve-${randomUUID().slice(0, 8)}`;
  let nic: UdpListener;
  let sim: TestSimulator | undefined;
  let worker: RunningWorker | undefined;
  let configFile: string;
  let apiPort: number;
  let connection: Awaited<ReturnType<typeof testTemporal>>['connection'];
  let client: Awaited<ReturnType<typeof testTemporal>>['client'];

  before(async () => {
    nic = await listenUdp();
    apiPort = await freePort();
    const temporal = await testTemporal();
    ({ connection, client } = temporal);
    const yaml = [
      'proxmox:',
      '  host: "127.0.0.1"',
      `  port: ${apiPort}`,
      `  node: "${node}"`,
      `  api_token_id: "${TOKEN.id}"`,
      '  api_token_secret: "${PROXMOX_API_TOKEN}"',
      '  verify_ssl: false',
      '  request_timeout: 5s',
      '  wol:',
      `    mac: "${MAC}"`,
      '    broadcast: "127.0.0.1"',
      `    port: ${nic.port}`,
      '    wake_if_unreachable: true',
      '    timeout: 60s',
      '  modes:',
      '    linuxvrstreaming: { vmid: 101, gpu_mode: exclusive }',
      '    windowsvrstreaming: { vmid: 102, gpu_mode: exclusive }',
      'switch:\n  shutdown_timeout: 2s\n  start_timeout: 20s\n  network_timeout: 5s',
      `temporal:\n  address: "${temporal.address}"\n  task_queue: "${temporal.taskQueue}"`,
      '',
    ].join('\n');
    configFile = join(mkdtempSync(join(tmpdir(), 'morpheus-wake-switch-')), 'config.yaml');
    writeFileSync(configFile, yaml);
    installTestRuntime();
    worker = await runWorker(parseConfigText(yaml, { source: configFile, env: { PROXMOX_API_TOKEN: TOKEN.secret } }).config);
  });

  after(async () => {
    await worker?.stop();
    await connection?.close();
    await sim?.close();
    await nic?.close();
  });

  it('wakes the silent host as a step of its own, then switches as usual', async () => {
    const run = runCli(['--config', configFile, 'mode', 'switch', 'windowsvrstreaming'], { PROXMOX_API_TOKEN: TOKEN.secret });
    const packet = await eventually(() => nic.received[0], { what: 'the magic packet from the worker' });
    assert.deepEqual(packet, expectedMagicPacket(MAC));
    sim = await startTestSimulator({ port: apiPort, scenario: { ...DEFAULT_SCENARIO, node, tokens: [TOKEN], auth_failure_delay: 0 } });
    const r = await run;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`${node} does not answer: the switch wakes it first \\(Wake-on-LAN\\)`));
    assert.match(r.stdout, /Waking the host \(Wake-on-LAN\)\.\.\. ✓ \([\d.]+s\) — the API answered \d+s after the magic packet \(\d+ sent\)/);
    assert.match(r.stdout, /✅ Now in windowsvrstreaming mode/);
    const result = (await client.workflow.getHandle(switchWorkflowId(node)).result()) as SwitchResult;
    assert.deepEqual(
      result.steps.map((s) => s.id.replace(/:\d+$/, '')),
      ['observe', 'wake', 'observe', 'stop', 'gpu', 'start', 'network'],
    );
    assert.deepEqual(
      (await sim.control.state()).vms.filter((v) => v.status === 'running').map((v) => v.vmid),
      [102],
    );
  });

  it('takes no wake step when the host answers', async () => {
    const packets = nic.received.length;
    const r = await runCli(['--config', configFile, 'mode', 'switch', 'linuxvrstreaming', '--json'], { PROXMOX_API_TOKEN: TOKEN.secret });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as { steps: { label: string }[] };
    assert.ok(!out.steps.some((s) => /Waking/.test(s.label)), r.stdout);
    assert.equal(nic.received.length, packets);
  });
});
