import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig, resolveConfigPath } from '../../../src/config';
import { ExitCode } from '../../../src/errors';
import { ENV, SEED_EXAMPLE, configWith } from './fixtures';

const HINT =
  'create it (see docs/configuration.md), point --config or MORPHEUS_CONFIG at one, or run `morpheus sim` to print a config for the built-in simulator';

describe('resolveConfigPath', () => {
  const homedir = '/home/me';

  it('prefers --config over MORPHEUS_CONFIG', () => {
    assert.deepEqual(resolveConfigPath({ flag: '/etc/m.yaml', env: { MORPHEUS_CONFIG: '/x.yaml' }, homedir }), { path: '/etc/m.yaml', origin: 'flag' });
  });

  it('uses MORPHEUS_CONFIG when there is no flag', () => {
    assert.deepEqual(resolveConfigPath({ env: { MORPHEUS_CONFIG: '/x.yaml' }, homedir }), { path: '/x.yaml', origin: 'env' });
  });

  it('falls back to ~/.morpheus/config.yaml, ignoring an empty MORPHEUS_CONFIG', () => {
    assert.deepEqual(resolveConfigPath({ env: { MORPHEUS_CONFIG: '' }, homedir }), { path: '/home/me/.morpheus/config.yaml', origin: 'default' });
  });

  it('expands a leading ~/ and makes relative paths absolute', () => {
    assert.equal(resolveConfigPath({ flag: '~/m.yaml', env: {}, homedir }).path, '/home/me/m.yaml');
    assert.equal(resolveConfigPath({ env: { MORPHEUS_CONFIG: 'm.yaml' }, homedir }).path, resolve('m.yaml'));
  });
});

describe('loadConfig', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'morpheus-home-'));
    mkdirSync(join(home, 'certs'));
    writeFileSync(join(home, 'certs', 'ca.pem'), 'pem');
    writeFileSync(join(home, 'config.yaml'), SEED_EXAMPLE);
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('loads the file --config names and returns its path and warnings', () => {
    const loaded = loadConfig({ path: join(home, 'config.yaml'), env: ENV, homedir: home });
    assert.equal(loaded.path, join(home, 'config.yaml'));
    assert.equal(loaded.config.proxmox.node, 'pve');
    assert.equal(loaded.warnings.length, 1);
  });

  it('loads the file MORPHEUS_CONFIG names', () => {
    const loaded = loadConfig({ env: { ...ENV, MORPHEUS_CONFIG: join(home, 'config.yaml') }, homedir: home });
    assert.equal(loaded.path, join(home, 'config.yaml'));
  });

  it('resolves a relative ca_file against the config file directory, not the working directory', () => {
    writeFileSync(join(home, 'with-ca.yaml'), configWith({ 'proxmox.ca_file': 'certs/ca.pem' }));
    const { config } = loadConfig({ path: join(home, 'with-ca.yaml'), env: ENV, homedir: home });
    assert.equal(config.proxmox.ca_file, join(home, 'certs', 'ca.pem'));
  });

  it('says the default location has no file, and how to make one', () => {
    const error = thrown(() => loadConfig({ env: ENV, homedir: home }));
    assert.equal(error.message, 'no config file at ~/.morpheus/config.yaml (default location)');
    assert.equal(error.hint, HINT);
    assert.equal(error.path, join(home, '.morpheus', 'config.yaml'));
  });

  it('says when the missing file came from --config or MORPHEUS_CONFIG', () => {
    const fromFlag = thrown(() => loadConfig({ path: '/nonexistent/m.yaml', env: ENV, homedir: home }));
    assert.equal(fromFlag.message, 'no config file at /nonexistent/m.yaml (from --config)');
    const fromEnv = thrown(() => loadConfig({ env: { MORPHEUS_CONFIG: '/nonexistent/m.yaml' }, homedir: home }));
    assert.equal(fromEnv.message, 'no config file at /nonexistent/m.yaml (from MORPHEUS_CONFIG)');
  });

  it('refuses a directory', () => {
    const error = thrown(() => loadConfig({ path: join(home, 'certs'), env: ENV, homedir: home }));
    assert.equal(error.message, `cannot read config ${join(home, 'certs')}: it is a directory; expected a YAML file`);
  });

  it('refuses a device without opening it', () => {
    const error = thrown(() => loadConfig({ path: '/dev/null', env: ENV, homedir: home }));
    assert.equal(error.message, 'cannot read config /dev/null: not a regular file; expected a YAML file');
  });

  it('refuses a file over 1 MiB without reading it', () => {
    writeFileSync(join(home, 'big.yaml'), Buffer.alloc(1024 * 1024 + 1, 0x20));
    const error = thrown(() => loadConfig({ path: join(home, 'big.yaml'), env: ENV, homedir: home }));
    assert.equal(error.message, `cannot read config ${join(home, 'big.yaml')}: file is larger than 1 MiB; a Morpheus config is a few KiB of YAML`);
  });

  it('says when the file cannot be read', { skip: process.getuid?.() === 0 && 'root can read any file' }, () => {
    writeFileSync(join(home, 'secret.yaml'), SEED_EXAMPLE);
    chmodSync(join(home, 'secret.yaml'), 0o000);
    const error = thrown(() => loadConfig({ path: join(home, 'secret.yaml'), env: ENV, homedir: home }));
    assert.equal(error.message, `cannot read config ${join(home, 'secret.yaml')}: permission denied`);
  });

  it('names the file in validation errors and exits with the usage code', () => {
    writeFileSync(join(home, 'bad.yaml'), configWith({ 'proxmox.port': 0 }));
    const error = thrown(() => loadConfig({ path: join(home, 'bad.yaml'), env: ENV, homedir: home }));
    assert.equal(error.message, `invalid config ${join(home, 'bad.yaml')}: proxmox.port: expected an integer from 1 to 65535`);
    assert.equal(error.path, join(home, 'bad.yaml'));
    assert.equal(error.exitCode, ExitCode.usage);
    assert.equal(error.code, 'MORPHEUS_CONFIG_INVALID');
    assert.equal(error.name, 'ConfigError');
  });
});

function thrown(load: () => unknown): ConfigError {
  try {
    load();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected loadConfig to throw');
}
