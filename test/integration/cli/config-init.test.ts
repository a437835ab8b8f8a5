import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configInit, type ConfigInitDeps } from '../../../src/cli/config-init/init';
import { loadConfig } from '../../../src/config';
import { proxmoxClientFromConfig } from '../../../src/proxmox/from-config';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { runCli } from '../../support/cli';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

// The seed's home lab, with VM 104 on a vGPU slice (mdev: shared) so the proposal has a conflict to add.
const SCENARIO = {
  ...DEFAULT_SCENARIO,
  vms: DEFAULT_SCENARIO.vms!.map((v) => (v.vmid === 104 ? { ...v, config: { ...v.config, hostpci0: '0000:01:00.0,mdev=nvidia-63' } } : v)),
};

describe('morpheus config init, against the simulator', () => {
  let sim: TestSimulator;
  let dir: string;
  before(async () => {
    sim = await startTestSimulator({ scenario: SCENARIO });
    dir = mkdtempSync(join(tmpdir(), 'morpheus-init-'));
  });
  after(() => sim.close());

  const env = () => ({ PROXMOX_API_TOKEN: sim.token.secret, HOME: dir });
  const init = (...args: string[]) => runCli(['config', 'init', '--host', '127.0.0.1', '--port', String(sim.port), '--token-id', sim.token.id, ...args], env());

  it('writes, for scripts (--modes … --yes), a config that loads, pins the certificate and never holds the secret', async () => {
    const file = join(dir, 'scripted.yaml');
    const r = await init('--modes', '101,102,103,104', '--yes', '--output', file);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`SHA-256 fingerprint: ${sim.fingerprint}`), 'the certificate is shown before it is pinned');
    assert.match(r.stdout, new RegExp(`✓ Wrote ${file.replace(/[.]/g, '\\.')}: node pve, 4 modes, certificate pinned \\(${sim.fingerprint}\\)`));
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(sim.token.secret), 'the secret is not in the file');
    const { config } = loadConfig({ path: file, env: { PROXMOX_API_TOKEN: sim.token.secret }, homedir: dir });
    assert.equal(config.proxmox.fingerprint, sim.fingerprint);
    assert.equal(config.proxmox.api_token_secret, sim.token.secret);
    const modes = Object.entries(config.proxmox.modes).map(([name, m]) => [name, m.vmid, m.gpu_mode, m.conflicts_with]);
    assert.deepEqual(modes, [
      ['cachyos', 101, 'exclusive', []],
      ['windows', 102, 'exclusive', []],
      ['nimsforest', 103, 'none', []],
      ['nimsforest-gpu', 104, 'shared', ['cachyos', 'windows']],
    ]);
  });

  it('flags a gpu_mode it cannot tell (a GPU without x-vga=1) in the file and in its answer', async () => {
    const r = await init('--modes', '105', '--yes', '--print', '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as { path: string | null; modes: { name: string; gpu_mode: string; unclear: boolean; reason: string }[]; yaml: string };
    assert.equal(out.path, null);
    assert.deepEqual(
      out.modes.map((m) => [m.name, m.gpu_mode, m.unclear]),
      [['gpu-bench', 'exclusive', true]],
    );
    assert.match(out.yaml, /# CHECK: unclear from the VM config/);
  });

  it('pins only the fingerprint it is given, and refuses another certificate', async () => {
    const ok = await init('--modes', 'all', '--fingerprint', sim.fingerprint.toLowerCase(), '--print');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`fingerprint: "${sim.fingerprint}"`));
    const other = sim.fingerprint.split(':').reverse().join(':');
    const wrong = await init('--modes', 'all', '--fingerprint', other, '--print');
    assert.equal(wrong.code, 6, wrong.stdout + wrong.stderr);
    assert.match(wrong.stderr, /TLS verification failed \(MORPHEUS_FINGERPRINT_MISMATCH\)/);
  });

  it('trusts a CA file instead of pinning, and the written file checks the certificate with it', async () => {
    const ca = join(dir, 'pve-root-ca.pem');
    writeFileSync(ca, sim.caPem);
    const file = join(dir, 'with-ca.yaml');
    const r = await init('--modes', '101', '--ca-file', ca, '--yes', '--output', file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`certificate checked against ${ca}`));
    const { config } = loadConfig({ path: file, env: { PROXMOX_API_TOKEN: sim.token.secret }, homedir: dir });
    assert.deepEqual([config.proxmox.ca_file, config.proxmox.fingerprint], [ca, undefined]);
    const client = proxmoxClientFromConfig(config.proxmox);
    try {
      assert.equal((await client.version()).release, '9.0');
    } finally {
      await client.close();
    }
  });

  it('without a terminal, asks for --modes and --yes instead of guessing, and refuses to pin unasked', async () => {
    const noModes = await init('--yes', '--print');
    assert.equal(noModes.code, 2);
    assert.match(
      noModes.stderr,
      /which VMs become modes\? give --modes .*\nhint: the VMs: 101 cachyos, 102 windows, 103 nimsforest, 104 nimsforest-gpu, 105 gpu-bench/,
    );
    const noPin = await init('--modes', 'all', '--print');
    assert.equal(noPin.code, 2);
    assert.match(
      noPin.stderr,
      new RegExp(`the certificate was not pinned, so nothing was read or written\\nhint: run again with --fingerprint ${sim.fingerprint}`),
    );
    const noYes = await init('--modes', 'all', '--output', join(dir, 'never.yaml'));
    assert.equal(noYes.code, 2);
    assert.equal(existsSync(join(dir, 'never.yaml')), false);
  });

  it('refuses to replace a file without --force, and names a missing secret variable', async () => {
    const file = join(dir, 'existing.yaml');
    writeFileSync(file, '# mine\n');
    const r = await init('--modes', 'all', '--yes', '--output', file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /exists already\nhint: pick another file with --output, print instead with --print, or replace it with --force/);
    assert.equal(readFileSync(file, 'utf8'), '# mine\n');
    const noSecret = await runCli(['config', 'init', '--host', '127.0.0.1', '--port', String(sim.port), '--token-id', sim.token.id, '--print'], { HOME: dir });
    assert.equal(noSecret.code, 2);
    assert.match(
      noSecret.stderr,
      /\$PROXMOX_API_TOKEN is not set: config init reads the token's secret from the environment and writes only \$\{PROXMOX_API_TOKEN\} into the file/,
    );
  });

  it('asks on a terminal: the certificate, the VMs, each name and each unclear gpu_mode, then whether to write', async () => {
    const asked: string[] = [];
    const answers = ['y', '101,102,105', 'vr', '', 'bench', 'shared', ''];
    const said: string[] = [];
    const deps: ConfigInitDeps = {
      env: env(),
      ask: async (question, fallback) => {
        asked.push(question);
        const a = answers.shift()!;
        return a === '' ? fallback : a;
      },
      say: (line) => said.push(line),
      configFlag: undefined,
      homedir: dir,
      now: () => new Date('2025-03-01T10:00:00Z'),
    };
    const result = await configInit(deps, { host: '127.0.0.1', port: sim.port, tokenId: sim.token.id, secretEnv: 'PROXMOX_API_TOKEN' });
    assert.deepEqual(asked, [
      'Pin this certificate in the config? [y/N]',
      'Which become modes? (VM ids, comma-separated, or all) [all]',
      'Mode name for VM 101 (cachyos) [cachyos]',
      'Mode name for VM 102 (windows) [windows]',
      'Mode name for VM 105 (gpu-bench) [gpu-bench]',
      'gpu_mode for bench: exclusive, shared or none [exclusive]',
      `Write this config (3 modes) to ${join(dir, '.morpheus', 'config.yaml')}? [Y/n]`,
    ]);
    assert.ok(
      said.some((l) => l.includes(sim.fingerprint)),
      'the fingerprint was shown',
    );
    assert.ok(
      said.some((l) => /^ {2}105 {4}gpu-bench .*exclusive .*\(unclear\)$/.test(l)),
      said.join('\n'),
    );
    assert.equal(result.path, join(dir, '.morpheus', 'config.yaml'));
    const { config } = loadConfig({ env: { PROXMOX_API_TOKEN: sim.token.secret }, homedir: dir });
    assert.deepEqual(
      Object.entries(config.proxmox.modes).map(([n, m]) => [n, m.gpu_mode, m.conflicts_with]),
      [
        ['vr', 'exclusive', []],
        ['windows', 'exclusive', []],
        ['bench', 'shared', ['vr', 'windows']],
      ],
    );
  });
});
