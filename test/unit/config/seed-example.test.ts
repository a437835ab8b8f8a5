import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
      'proxmox.verify_ssl is false: the Proxmox certificate is not checked; trust it with proxmox.ca_file (the cluster CA) or pin it with proxmox.fingerprint instead',
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
  const docs = join(repoRoot(), 'docs');
  const text = readFileSync(join(docs, 'config.example.yaml'));
  it("parses to the brief example's config, with the setup guide's token id and the cluster CA instead of verify_ssl: false", () => {
    // The example trusts the cluster CA next to it; loading only checks that the file is there.
    const dir = mkdtempSync(join(tmpdir(), 'morpheus-example-'));
    writeFileSync(join(dir, 'pve-root-ca.pem'), '');
    try {
      const fromDocs = parse(text, ENV, dir);
      const { verify_ssl: _, ...seed } = parse(SEED_EXAMPLE, ENV).config.proxmox;
      assert.deepEqual(fromDocs.config.proxmox, { ...seed, api_token_id: 'morpheus@pve!morpheus', verify_ssl: true, ca_file: join(dir, 'pve-root-ca.pem') });
      assert.deepEqual(fromDocs.warnings, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the token id that docs/proxmox-setup.md creates and README.md shows', () => {
    const id = /api_token_id: "([^"]+)"/.exec(text.toString())?.[1];
    assert.equal(id, 'morpheus@pve!morpheus');
    for (const doc of [join(docs, 'proxmox-setup.md'), join(docs, 'configuration.md'), join(repoRoot(), 'README.md')]) {
      const ids = [...readFileSync(doc, 'utf8').matchAll(/[a-z]+@(?:pve|pam)![A-Za-z0-9._-]+/g)].map((m) => m[0]);
      assert.ok(ids.length > 0, `${doc} names no token id`);
      assert.deepEqual([...new Set(ids)], [id], `${doc} names another token id`);
    }
  });
});

function mode(vmid: number, description: string, gpu_mode: string, conflicts_with: string[] = []) {
  return { vmid, description, gpu_mode, conflicts_with, network: { wait: 'agent' } };
}
