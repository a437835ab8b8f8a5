import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ENV, assertRejected, configWith, errorOf, parse } from './fixtures';

const SECRET = '3f0c2a4e-1b7d-4a57-9d3e-8e2b6c1f0a9d';
const dir = mkdtempSync(join(tmpdir(), 'morpheus-secret-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A file under the test directory holding `content`; returns its absolute path. */
function secretFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The config with the token secret read from `path` instead of `${PROXMOX_API_TOKEN}`. */
const fromFile = (path: string, changes: Record<string, unknown> = {}) =>
  configWith({ 'proxmox.api_token_secret': undefined, 'proxmox.api_token_secret_file': path, ...changes });

describe('secrets read from files', () => {
  it('reads the token secret from api_token_secret_file, dropping the trailing newline', () => {
    const { config } = parse(fromFile(secretFile('token', `${SECRET}\n`)));
    assert.equal(config.proxmox.api_token_secret, SECRET);
    assert.equal('api_token_secret_file' in config.proxmox, false);
  });

  it('drops CRLF and blank trailing lines too, and reads a file with no newline as it is', () => {
    assert.equal(parse(fromFile(secretFile('crlf', `${SECRET}\r\n\r\n`))).config.proxmox.api_token_secret, SECRET);
    assert.equal(parse(fromFile(secretFile('bare', SECRET))).config.proxmox.api_token_secret, SECRET);
  });

  it('resolves a relative path against the config file directory, and follows symlinks (Kubernetes secret volumes)', () => {
    mkdirSync(join(dir, 'secrets'), { recursive: true });
    secretFile('secrets/..data-token', `${SECRET}\n`);
    symlinkSync(join(dir, 'secrets/..data-token'), join(dir, 'secrets/token'));
    assert.equal(parse(fromFile('secrets/token'), ENV, dir).config.proxmox.api_token_secret, SECRET);
  });

  it('reads the Temporal API key from api_key_file, which turns TLS on like api_key', () => {
    const { temporal } = parse(configWith({ 'temporal.api_key_file': secretFile('api-key', 'key-123\n') })).config;
    assert.equal(temporal.api_key, 'key-123');
    assert.deepEqual(temporal.tls, { enabled: true });
    assert.equal('api_key_file' in temporal, false);
  });

  it('lets TEMPORAL_API_KEY from the environment replace the file named by api_key_file', () => {
    const text = configWith({ 'temporal.api_key_file': join(dir, 'absent-key') });
    assert.equal(parse(text, { ...ENV, TEMPORAL_API_KEY: 'env-key' }).config.temporal.api_key, 'env-key');
  });

  it('takes ${VAR} in the path, for a credentials directory that systemd names at run time', () => {
    secretFile('cred-token', `${SECRET}\n`);
    const { config } = parse(fromFile('${CREDENTIALS_DIRECTORY}/cred-token'), { ...ENV, CREDENTIALS_DIRECTORY: dir });
    assert.equal(config.proxmox.api_token_secret, SECRET);
  });
});

describe('secret files that cannot be used', () => {
  const cases: [string, () => string, (path: string) => string][] = [
    ['a missing file', () => join(dir, 'nope'), (p) => `cannot read ${p} (no such file)`],
    ['a directory', () => dir, (p) => `cannot read ${p} (not a regular file)`],
    ['an empty file', () => secretFile('empty', ''), (p) => `${p} is empty; expected the secret in it`],
    ['a file of only a newline', () => secretFile('newline', '\n'), (p) => `${p} is empty; expected the secret in it`],
    ['a file of only spaces', () => secretFile('spaces', '   \n'), (p) => `${p} is empty; expected the secret in it`],
    [
      'an env file (two lines)',
      () => secretFile('env', `PROXMOX_API_TOKEN=${SECRET}\nOTHER=1\n`),
      (p) => `${p} holds more than the secret on one line (a line break or control character); expected only the secret`,
    ],
    [
      'a file over 64 KiB',
      () => secretFile('big', Buffer.alloc(64 * 1024 + 1, 'a')),
      (p) => `${p} is larger than 64 KiB; expected a file holding only the secret`,
    ],
  ];
  for (const [what, make, problem] of cases) {
    it(`rejects ${what}, naming the key and the path but not the content`, () => {
      const path = make();
      assertRejected(fromFile(path), `proxmox.api_token_secret_file: ${problem(path)}`);
    });
  }

  it('rejects an unreadable file (permission denied), unless running as root', (t) => {
    if (process.getuid?.() === 0) return t.skip('root reads any file');
    const path = secretFile('locked', SECRET);
    chmodSync(path, 0o000);
    assertRejected(fromFile(path), `proxmox.api_token_secret_file: cannot read ${path} (permission denied)`);
  });

  it('never shows what a rejected file holds', () => {
    const error = errorOf(fromFile(secretFile('two-lines', `${SECRET}\nsecond line\n`)));
    assert.doesNotMatch(`${error.message}\n${error.issues.join('\n')}\n${error.hint ?? ''}`, new RegExp(SECRET));
  });

  it('rejects an unreadable api_key_file by its own key', () => {
    const path = join(dir, 'no-key');
    assertRejected(configWith({ 'temporal.api_key_file': path }), `temporal.api_key_file: cannot read ${path} (no such file)`);
  });
});

describe('exactly one source for each secret', () => {
  it('rejects api_token_secret together with api_token_secret_file', () => {
    assertRejected(
      configWith({ 'proxmox.api_token_secret_file': secretFile('both', SECRET) }),
      'proxmox.api_token_secret_file: set either api_token_secret or api_token_secret_file, not both',
    );
  });

  it('rejects a config with neither, naming both ways to give it', () => {
    assertRejected(
      configWith({ 'proxmox.api_token_secret': undefined }),
      'proxmox.api_token_secret: missing required key; expected a non-empty string, or api_token_secret_file: a file that holds it',
    );
  });

  it('reports a missing secret alongside other problems of the section, not after they are fixed', () => {
    const error = errorOf(configWith({ 'proxmox.api_token_secret': undefined, 'proxmox.port': 'x' }));
    assert.deepEqual(error.issues, [
      'proxmox.port: expected an integer from 1 to 65535, got a string',
      'proxmox.api_token_secret: missing required key; expected a non-empty string, or api_token_secret_file: a file that holds it',
    ]);
  });

  it('rejects api_key together with api_key_file, and lets both be absent', () => {
    assertRejected(
      configWith({ 'temporal.api_key': 'k', 'temporal.api_key_file': secretFile('k', 'k') }),
      'temporal.api_key_file: set either api_key or api_key_file, not both',
    );
    assert.equal(parse(configWith()).config.temporal.api_key, undefined);
  });

  it('rejects an empty path', () => {
    assertRejected(fromFile(''), 'proxmox.api_token_secret_file: expected a non-empty string');
  });
});
