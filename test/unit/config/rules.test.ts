import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRules, knownConflicts, noSelfConflict, saneTimeouts, tlsClientPair, uniqueVmids, unverifiedTls } from '../../../src/config/rules';
import type { Rule } from '../../../src/config/rules';
import type { Config } from '../../../src/config';
import { ENV, SEED_EXAMPLE, configWith, errorOf, parse } from './fixtures';

/** The seed config with `edit` applied to the parsed (already valid) data. */
function seedWith(edit: (config: Config) => void): Config {
  const { config } = parse(SEED_EXAMPLE, ENV);
  edit(config);
  return config;
}

function run(rule: Rule, config: Config) {
  return checkRules(config, [rule]);
}

describe('uniqueVmids', () => {
  it('names both modes when two share a VM', () => {
    const config = seedWith((c) => (c.proxmox.modes.windowsvrstreaming!.vmid = 101));
    assert.deepEqual(run(uniqueVmids, config).issues, [
      'proxmox.modes.windowsvrstreaming.vmid: VM 101 is already used by mode "linuxvrstreaming"; each mode needs its own VM',
    ]);
  });

  it('accepts distinct vmids', () => {
    assert.deepEqual(
      run(
        uniqueVmids,
        seedWith(() => {}),
      ).issues,
      [],
    );
  });
});

describe('knownConflicts', () => {
  it('lists the known modes and suggests the likely one for a shortened name', () => {
    const config = seedWith((c) => (c.proxmox.modes.nimsforestsharedgpu!.conflicts_with = ['linuxvr']));
    assert.deepEqual(run(knownConflicts, config).issues, [
      'proxmox.modes.nimsforestsharedgpu.conflicts_with[0]: unknown mode "linuxvr"; known modes: linuxvrstreaming, windowsvrstreaming, nimsforestnogpu, nimsforestsharedgpu; did you mean "linuxvrstreaming"?',
    ]);
  });

  it('suggests nothing when no mode is close', () => {
    const config = seedWith((c) => (c.proxmox.modes.nimsforestnogpu!.conflicts_with = ['gaming']));
    assert.deepEqual(run(knownConflicts, config).issues, [
      'proxmox.modes.nimsforestnogpu.conflicts_with[0]: unknown mode "gaming"; known modes: linuxvrstreaming, windowsvrstreaming, nimsforestnogpu, nimsforestsharedgpu',
    ]);
  });

  it('keeps a pasted blob short and on one line', () => {
    const config = seedWith((c) => (c.proxmox.modes.nimsforestnogpu!.conflicts_with = [`x\n${'y'.repeat(500)}`]));
    const [issue] = run(knownConflicts, config).issues;
    assert.ok(!issue!.includes('\n') && issue!.length < 300, issue);
  });
});

describe('noSelfConflict', () => {
  it('rejects a mode listing itself', () => {
    const config = seedWith((c) => c.proxmox.modes.nimsforestsharedgpu!.conflicts_with.push('nimsforestsharedgpu'));
    assert.deepEqual(run(noSelfConflict, config).issues, [
      'proxmox.modes.nimsforestsharedgpu.conflicts_with[2]: a mode cannot conflict with itself; remove it from the list',
    ]);
  });
});

describe('saneTimeouts', () => {
  it('accepts the bounds themselves', () => {
    const config = seedWith((c) => {
      c.proxmox.request_timeout = 100;
      c.switch.shutdown_timeout = 1_000;
      c.switch.start_timeout = 3_600_000;
      c.switch.network_timeout = 0;
    });
    assert.deepEqual(run(saneTimeouts, config).issues, []);
  });

  it('reports every timeout outside its range', () => {
    const config = seedWith((c) => {
      c.proxmox.request_timeout = 99;
      c.switch.start_timeout = 3_600_001;
      c.proxmox.modes.linuxvrstreaming!.shutdown_timeout = 0;
    });
    assert.deepEqual(run(saneTimeouts, config).issues, [
      'proxmox.request_timeout: expected a duration from 100ms to 5m',
      'switch.start_timeout: expected a duration from 1s to 1h',
      'proxmox.modes.linuxvrstreaming.shutdown_timeout: expected a duration from 1s to 1h',
    ]);
  });
});

describe('tlsClientPair', () => {
  it('asks for the key when only a client certificate is given', () => {
    const config = seedWith((c) => (c.temporal.tls = { enabled: true, cert_file: '/c.pem' }));
    assert.deepEqual(run(tlsClientPair, config).issues, [
      'temporal.tls.key_file: required when temporal.tls.cert_file is set; a client certificate needs its key',
    ]);
  });

  it('asks for the certificate when only a client key is given', () => {
    const config = seedWith((c) => (c.temporal.tls = { enabled: true, key_file: '/c.key' }));
    assert.deepEqual(run(tlsClientPair, config).issues, [
      'temporal.tls.cert_file: required when temporal.tls.key_file is set; a client key needs its certificate',
    ]);
  });
});

describe('unverifiedTls', () => {
  it('warns rather than fails, and says nothing when verify_ssl is on', () => {
    assert.deepEqual(
      run(
        unverifiedTls,
        seedWith(() => {}),
      ).issues,
      [],
    );
    assert.equal(
      run(
        unverifiedTls,
        seedWith(() => {}),
      ).warnings.length,
      1,
    );
    assert.deepEqual(
      run(
        unverifiedTls,
        seedWith((c) => (c.proxmox.verify_ssl = true)),
      ).warnings,
      [],
    );
  });
});

describe('the rule stage as a whole', () => {
  it('reports every problem at once, each on its own line', () => {
    const text = configWith({
      'proxmox.modes.windows.vmid': 101,
      'proxmox.modes.shared.conflicts_with': ['linux', 'windos', 'shared'],
      'switch.shutdown_timeout': '2h',
    });
    assert.equal(
      errorOf(text).message,
      [
        'invalid config test.yaml:',
        '  proxmox.modes.windows.vmid: VM 101 is already used by mode "linux"; each mode needs its own VM',
        '  proxmox.modes.shared.conflicts_with[1]: unknown mode "windos"; known modes: linux, windows, shared; did you mean "windows"?',
        '  proxmox.modes.shared.conflicts_with[2]: a mode cannot conflict with itself; remove it from the list',
        '  switch.shutdown_timeout: expected a duration from 1s to 1h',
      ].join('\n'),
    );
  });

  it('runs only once the schema passes, so shape errors come first', () => {
    const text = configWith({ 'proxmox.modes.windows.vmid': 101, 'proxmox.port': 'x' });
    assert.deepEqual(errorOf(text).issues, ['proxmox.port: expected an integer from 1 to 65535, got a string']);
  });
});
