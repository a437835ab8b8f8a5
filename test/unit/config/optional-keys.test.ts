import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENV, configWith, parse } from './fixtures';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7 + 10).toString(16).padStart(2, '0')).join(':');

describe('optional proxmox keys', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'morpheus-config-'));
    writeFileSync(join(dir, 'ca.pem'), 'not parsed here');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts another port', () => {
    assert.equal(parse(configWith({ 'proxmox.port': 443 })).config.proxmox.port, 443);
  });

  it('normalises a fingerprint to uppercase', () => {
    const { config, warnings } = parse(configWith({ 'proxmox.fingerprint': FINGERPRINT.toLowerCase() }));
    assert.equal(config.proxmox.fingerprint, FINGERPRINT.toUpperCase());
    assert.deepEqual(warnings, []);
  });

  it('warns differently when a fingerprint is pinned but verify_ssl is false', () => {
    const { warnings } = parse(configWith({ 'proxmox.fingerprint': FINGERPRINT, 'proxmox.verify_ssl': false }));
    assert.deepEqual(warnings, ['proxmox.verify_ssl is false: only proxmox.fingerprint is checked, not the certificate chain or host name']);
  });

  it('resolves ca_file relative to the config file directory', () => {
    const { config } = parse(configWith({ 'proxmox.ca_file': 'ca.pem' }), ENV, dir);
    assert.equal(config.proxmox.ca_file, join(dir, 'ca.pem'));
  });

  it('keeps an absolute ca_file as it is', () => {
    const { config } = parse(configWith({ 'proxmox.ca_file': join(dir, 'ca.pem') }), ENV, '/elsewhere');
    assert.equal(config.proxmox.ca_file, join(dir, 'ca.pem'));
  });

  it('accepts IPv4, bracketless IPv6 and host names', () => {
    for (const host of ['10.0.0.5', 'fe80::1', '2001:db8::42', 'pve', 'pve-1.home.arpa']) {
      assert.equal(parse(configWith({ 'proxmox.host': host })).config.proxmox.host, host);
    }
  });

  it('reads request_timeout as a duration', () => {
    assert.equal(parse(configWith({ 'proxmox.request_timeout': '500ms' })).config.proxmox.request_timeout, 500);
  });
});

describe('optional mode keys', () => {
  it('gives a mode an empty description, no conflicts and the agent network wait by default', () => {
    const { linux } = parse(configWith()).config.proxmox.modes;
    assert.deepEqual(linux, { vmid: 101, description: '', gpu_mode: 'exclusive', conflicts_with: [], network: { wait: 'agent' } });
  });

  it('accepts a per-mode shutdown_timeout in seconds', () => {
    assert.equal(parse(configWith({ 'proxmox.modes.linux.shutdown_timeout': 90 })).config.proxmox.modes.linux!.shutdown_timeout, 90_000);
  });

  it('accepts a tcp network wait with host, port and timeout', () => {
    const network = { wait: 'tcp', host: '10.0.0.5', port: 22, timeout: '2m' };
    const { config } = parse(configWith({ 'proxmox.modes.linux.network': network }));
    assert.deepEqual(config.proxmox.modes.linux!.network, { wait: 'tcp', host: '10.0.0.5', port: 22, timeout: 120_000 });
  });

  it('accepts an agent wait with only a timeout', () => {
    const { config } = parse(configWith({ 'proxmox.modes.linux.network': { timeout: 0 } }));
    assert.deepEqual(config.proxmox.modes.linux!.network, { wait: 'agent', timeout: 0 });
  });

  it('accepts wait: none', () => {
    const { config } = parse(configWith({ 'proxmox.modes.linux.network': { wait: 'none' } }));
    assert.deepEqual(config.proxmox.modes.linux!.network, { wait: 'none' });
  });

  it('accepts mode names with digits, dashes and underscores', () => {
    const { config } = parse(configWith({ 'proxmox.modes.win-11_vr2': { vmid: 111, gpu_mode: 'none' } }));
    assert.equal(config.proxmox.modes['win-11_vr2']!.vmid, 111);
  });
});

describe('the switch section', () => {
  it('takes each key from the file and converts durations to milliseconds', () => {
    const section = { rollback: false, shutdown_timeout: '2m', start_timeout: 30, network_timeout: '1h' };
    assert.deepEqual(parse(configWith({ switch: section })).config.switch, {
      rollback: false,
      shutdown_timeout: 120_000,
      start_timeout: 30_000,
      network_timeout: 3_600_000,
    });
  });

  it('keeps defaults for the keys a partial section leaves out', () => {
    assert.deepEqual(parse(configWith({ 'switch.start_timeout': '1.5m' })).config.switch, {
      rollback: true,
      shutdown_timeout: 60_000,
      start_timeout: 90_000,
      network_timeout: 120_000,
    });
  });
});

describe('the temporal section', () => {
  it('takes address, namespace and task queue from the file', () => {
    const section = { address: 'temporal.internal:7233', namespace: 'home', task_queue: 'boot' };
    assert.deepEqual(parse(configWith({ temporal: section })).config.temporal, { ...section, tls: { enabled: false } });
  });

  it('turns TLS on by default when an api_key is set, as Temporal Cloud requires', () => {
    const { temporal } = parse(configWith({ 'temporal.api_key': '${TEMPORAL_API_KEY}' }), { ...ENV, TEMPORAL_API_KEY: 'k' }).config;
    assert.deepEqual(temporal.tls, { enabled: true });
    assert.equal(temporal.api_key, 'k');
  });

  it('lets tls: false turn TLS off even with an api_key', () => {
    assert.deepEqual(parse(configWith({ 'temporal.api_key': 'k', 'temporal.tls': false })).config.temporal.tls, { enabled: false });
  });

  it('turns TLS on when tls is a mapping of settings', () => {
    const tls = { server_name: 'temporal.internal' };
    assert.deepEqual(parse(configWith({ 'temporal.tls': tls })).config.temporal.tls, { enabled: true, server_name: 'temporal.internal' });
  });

  it('keeps TLS off when the mapping says enabled: false', () => {
    assert.deepEqual(parse(configWith({ 'temporal.tls': { enabled: false } })).config.temporal.tls, { enabled: false });
  });
});
