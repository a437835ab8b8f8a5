import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modeNames } from '../../../src/config';
import { ENV, SECRET, SEED_EXAMPLE, parse, repoRoot } from './fixtures';

describe('the config example from the feature brief', () => {
  it('parses exactly as written, with PROXMOX_API_TOKEN set', () => {
    const { config } = parse(SEED_EXAMPLE, ENV);
    assert.deepEqual(config.proxmox, {
      host: '192.168.1.100',
      port: 8006,
      node: 'pve',
      api_token_id: 'morpheus@pam!morpheus-token',
      api_token_secret: SECRET,
      verify_ssl: false,
      request_timeout: 15_000,
      modes: {
        linuxvrstreaming: mode(101, 'Linux VR streaming (CachyOS + WiVRN)', 'exclusive'),
        windowsvrstreaming: mode(102, 'Windows VR streaming', 'exclusive'),
        nimsforestnogpu: mode(103, 'NimsForest distributed compute (no GPU)', 'none'),
        nimsforestsharedgpu: mode(104, 'NimsForest with GPU compute', 'shared', ['linuxvrstreaming', 'windowsvrstreaming']),
      },
    });
  });

  it('fills in the switch defaults taken from the Go version', () => {
    const { config } = parse(SEED_EXAMPLE, ENV);
    assert.deepEqual(config.switch, { rollback: true, shutdown_timeout: 60_000, start_timeout: 120_000, network_timeout: 120_000 });
  });

  it('fills in a local Temporal server without TLS, on a task queue of its own host', () => {
    const { config } = parse(SEED_EXAMPLE, ENV);
    assert.deepEqual(config.temporal, { address: 'localhost:7233', namespace: 'default', task_queue: 'morpheus-pve', tls: { enabled: false } });
  });

  it('keeps a task queue the file or MORPHEUS_TASK_QUEUE names', () => {
    assert.equal(parse(`${SEED_EXAMPLE}\ntemporal:\n  task_queue: boot\n`, ENV).config.temporal.task_queue, 'boot');
    assert.equal(parse(SEED_EXAMPLE, { ...ENV, MORPHEUS_TASK_QUEUE: 'from-env' }).config.temporal.task_queue, 'from-env');
  });

  it('warns, without failing, that verify_ssl: false leaves the certificate unchecked', () => {
    const { warnings } = parse(SEED_EXAMPLE, ENV);
    assert.deepEqual(warnings, [
      'proxmox.verify_ssl is false: the Proxmox certificate is not checked; pin it with proxmox.fingerprint instead',
    ]);
  });

  it('lists mode names in file order', () => {
    const { config } = parse(SEED_EXAMPLE, ENV);
    assert.deepEqual(modeNames(config), ['linuxvrstreaming', 'windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu']);
  });

  it('reads the same from bytes as from a string', () => {
    assert.deepEqual(parse(Buffer.from(SEED_EXAMPLE), ENV), parse(SEED_EXAMPLE, ENV));
  });
});

describe('docs/config.example.yaml', () => {
  const text = readFileSync(join(repoRoot(), 'docs', 'config.example.yaml'));

  it('parses to the same config as the brief example, since its additions are comments', () => {
    const fromDocs = parse(text, ENV);
    const fromSeed = parse(SEED_EXAMPLE, ENV);
    assert.deepEqual(fromDocs.config, fromSeed.config);
  });
});

function mode(vmid: number, description: string, gpu_mode: string, conflicts_with: string[] = []) {
  return { vmid, description, gpu_mode, conflicts_with, network: { wait: 'agent' } };
}
