import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../src/devserver/free-port';
import { sendMagicPacket } from '../../../src/host/wake-on-lan';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { runCli } from '../../support/cli';
import { eventually } from '../../support/eventually';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';
import { expectedMagicPacket, listenUdp, type UdpListener } from '../../support/udp-listener';

// Loopback only: the "broadcast" address is 127.0.0.1, where a UDP socket plays the sleeping NIC.
const MAC = 'BC:24:11:2E:C5:4A';
const TOKEN = { id: 'morpheus@pam!morpheus-token', secret: 'wake-test-secret' };

/** A config whose host is not up yet: its certificate is not known, so it is not verified (with a warning). */
function sleepingHostConfig(apiPort: number, udpPort: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'morpheus-wake-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    [
      'proxmox:',
      '  host: "127.0.0.1"',
      `  port: ${apiPort}`,
      '  node: "pve"',
      `  api_token_id: "${TOKEN.id}"`,
      '  api_token_secret: "${PROXMOX_API_TOKEN}"',
      '  verify_ssl: false',
      '  wol:',
      `    mac: "${MAC}"`,
      '    broadcast: "127.0.0.1"',
      `    port: ${udpPort}`,
      '    timeout: 60s',
      '  modes:',
      '    linuxvrstreaming: { vmid: 101, gpu_mode: exclusive }',
      '',
    ].join('\n'),
  );
  return file;
}

describe('Wake-on-LAN', () => {
  let nic: UdpListener;
  let sim: TestSimulator | undefined;
  before(async () => {
    nic = await listenUdp();
  });
  after(async () => {
    await sim?.close();
    await nic.close();
  });

  it('sends a correct magic packet (6 × 0xFF, then 16 × the MAC) to the broadcast address and port', async () => {
    await sendMagicPacket({ mac: MAC.toLowerCase(), broadcast: '127.0.0.1', port: nic.port });
    const packet = await eventually(() => nic.received.at(-1), { what: 'the magic packet' });
    assert.deepEqual(packet, expectedMagicPacket(MAC));
  });

  it('`host wake` sends the packet, then waits with progress until a simulator started afterwards answers', async () => {
    const apiPort = await freePort();
    const before = nic.received.length;
    const run = runCli(['--config', sleepingHostConfig(apiPort, nic.port), 'host', 'wake'], { PROXMOX_API_TOKEN: TOKEN.secret });
    // The host "boots" only once its NIC got the packet.
    const packet = await eventually(() => nic.received[before], { what: 'the magic packet of host wake' });
    assert.deepEqual(packet, expectedMagicPacket(MAC));
    sim = await startTestSimulator({ port: apiPort, scenario: { ...DEFAULT_SCENARIO, tokens: [TOKEN], auth_failure_delay: 0 } });
    const r = await run;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Sent the magic packet for BC:24:11:2E:C5:4A to 127\.0\.0\.1:\d+; waiting up to 1m for pve \(127\.0\.0\.1:\d+\)/);
    assert.match(r.stdout, /the machine answers, the API port is still closed/);
    assert.match(r.stdout, /✓ pve \(127\.0\.0\.1:\d+\) answers, [\d.]+s after the magic packet/);
    // It ended because the API answered, not on its own: the simulator saw the probe.
    assert.ok(((await sim.control.requests()).endpoints['GET /version']?.count ?? 0) >= 1);
  });

  it('`host wake` gives up after its bound, saying how far the host got, with exit code 6', async () => {
    const apiPort = await freePort();
    const r = await runCli(['--config', sleepingHostConfig(apiPort, nic.port), 'host', 'wake', '--timeout', '2s', '--json'], {
      PROXMOX_API_TOKEN: TOKEN.secret,
    });
    assert.equal(r.code, 6, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as { answered: boolean; waited: boolean; last_phase: string; mac: string; timeout_ms: number };
    assert.deepEqual(
      { answered: out.answered, waited: out.waited, last_phase: out.last_phase, mac: out.mac, timeout_ms: out.timeout_ms },
      {
        answered: false,
        waited: true,
        last_phase: 'host-up',
        mac: MAC,
        timeout_ms: 2_000,
      },
    );
  });

  it('`host wake` without proxmox.wol says what to add', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'morpheus-wake-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      'proxmox:\n  host: "127.0.0.1"\n  node: "pve"\n  api_token_id: "a@pam!b"\n  api_token_secret: "x"\n  verify_ssl: false\n  modes:\n    m: { vmid: 101, gpu_mode: none }\n',
    );
    const r = await runCli(['--config', file, 'host', 'wake']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /no Wake-on-LAN settings for host pve \(proxmox\.wol\)/);
    assert.match(r.stderr, /hint: add to the proxmox section: wol: \{ mac:/);
  });
});
