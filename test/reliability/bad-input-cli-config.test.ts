import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, type CliRun } from '../support/cli';
import { issueKey } from '../support/config-error-shape';
import { BASE, edit } from '../support/nasty-configs';

// Bad configs through the real CLI, as processes: exit 2, the problem on stderr as one
// `<key path>: <message>` line per issue, no stack trace, nothing on stdout, and never a hang.

const SECRET = 'cli-canary-2b7e91d4-secret';
const ENV = { PROXMOX_API_TOKEN: SECRET };
const STACK = /\n\s+at .+[(:]\d+:\d+\)?/;
const HINT = 'hint: see docs/configuration.md for every key and its accepted values';

/** Checks the shape every config error has on stderr and returns its issue lines. */
function configFailure(r: CliRun, file: string): string[] {
  assert.equal(r.code, 2, `exit ${r.code}\n${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.doesNotMatch(r.stderr, STACK);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.ok(!r.stderr.includes(SECRET), 'stderr shows the token secret');
  const lines = r.stderr.trimEnd().split('\n');
  const single = lines[0]!.startsWith(`error: invalid config ${file}: `);
  if (single) {
    assert.deepEqual(lines.slice(1), [HINT]);
    return [lines[0]!.slice(`error: invalid config ${file}: `.length)];
  }
  assert.equal(lines[0], `error: invalid config ${file}:`);
  assert.equal(lines.at(-1), HINT);
  const issues = lines.slice(1, -1);
  for (const line of issues) assert.match(line, /^ {2}\S/, `not an indented issue line: ${line}`);
  return issues.map((l) => l.trim());
}

describe('bad config files through the CLI', () => {
  let dir: string;
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const morpheus = (path: string, ...args: string[]) => runCli(['--config', path, ...(args.length > 0 ? args : ['mode', 'list'])], ENV, 30_000);
  before(() => (dir = mkdtempSync(join(tmpdir(), 'morpheus-bad-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const singles: [string, string | Uint8Array, string | RegExp][] = [
    ['a vmid of the wrong type', edit('vmid: 101', 'vmid: [101]'), 'proxmox.modes.linux.vmid: expected an integer from 100 to 999999999, got a list'],
    ['duplicate vmids', edit('vmid: 102', 'vmid: 101'), 'proxmox.modes.windows.vmid: VM 101 is already used by mode "linux"; each mode needs its own VM'],
    [
      'an unknown conflict',
      edit('[linux, windows]', '[linux, windoze]'),
      /^proxmox\.modes\.shared\.conflicts_with\[1\]: unknown mode "windoze"; .*did you mean "windows"\?$/,
    ],
    ['an unset variable', edit('host: pve.lan', 'host: "${MORPHEUS_NOT_SET}"'), /^proxmox\.host: environment variable MORPHEUS_NOT_SET is not set/],
    [
      'a port of 1e400',
      edit('node: pve', 'node: pve\n  port: 1e400'),
      'proxmox.port: expected an integer from 1 to 65535, got a number too large to represent',
    ],
    ['a vmid of 2**64', edit('vmid: 101', 'vmid: 18446744073709551616'), 'proxmox.modes.linux.vmid: expected an integer from 100 to 999999999'],
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from(BASE), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a])]), 'not valid UTF-8; save the file as UTF-8'],
    ['a NUL byte in a value', edit('host: pve.lan', 'host: "pve\0lan"'), /^proxmox\.host: expected a hostname/],
    [
      'an escape sequence in a key',
      edit('node: pve', 'node: pve\n  "\\e]0;pwned\\a\\x9bverify": 1'),
      /^proxmox: unknown key "\\u001b\]0;pwned\\u0007\\u009bverify"; /,
    ],
    [
      'billion laughs',
      `${BASE}${['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n')}\n`,
      'YAML aliases expand too much (over 50 times); write the values out instead',
    ],
    [
      '10,000 nested flow sequences',
      `${BASE}x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      /^\d+:\d+: nested too deeply; a Morpheus config is only a few levels deep$/,
    ],
    [
      'nesting hidden behind quoted brackets',
      `x: ${'["]", '.repeat(20_000)}${']'.repeat(20_000)}\n`,
      /^\d+:\d+: nested too deeply; a Morpheus config is only a few levels deep$/,
    ],
    ['nesting hidden behind anchors', `${'? &a '.repeat(20_000)}x\n`, /^\d+:\d+: nested too deeply; a Morpheus config is only a few levels deep$/],
  ];
  singles.forEach(([what, content, issue], i) => {
    it(`exits 2 with one key-path line for ${what}`, async () => {
      const path = file(`single-${i}.yaml`, content);
      const [line] = configFailure(await morpheus(path), path);
      assert.ok(line !== undefined);
      if (typeof issue === 'string') assert.equal(line, issue);
      else assert.match(line, issue);
      if (!/^not valid UTF-8|^YAML aliases/.test(line)) assert.ok(issueKey(line) !== undefined, `no key path: ${line}`);
    });
  });

  it('lists several problems one per line, each starting with its key path', async () => {
    const path = file('many.yaml', edit('host: pve.lan', 'host: 7\n  verfy_ssl: true').replace('gpu_mode: shared', 'gpu_mode: shard'));
    const issues = configFailure(await morpheus(path), path);
    assert.deepEqual(issues, [
      'proxmox.host: expected a hostname, IPv4 address or IPv6 address (without brackets), got an integer',
      'proxmox.modes.shared.gpu_mode: expected one of exclusive, shared, none; did you mean "shared"?',
      "proxmox: unknown key 'verfy_ssl'; did you mean 'verify_ssl'?",
    ]);
  });

  it('refuses a directory instead of a file', async () => {
    const path = join(dir, 'a-directory.yaml');
    mkdirSync(path);
    const r = await morpheus(path);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `error: cannot read config ${path}: it is a directory; expected a YAML file\n`);
  });

  it('refuses a named pipe without waiting for a writer', { skip: process.platform === 'win32' }, async () => {
    const path = join(dir, 'a-pipe.yaml');
    execFileSync('mkfifo', [path]);
    const started = Date.now();
    const r = await morpheus(path);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `error: cannot read config ${path}: not a regular file; expected a YAML file\n`);
    assert.ok(Date.now() - started < 10_000);
  });

  it('stops the worker and every mode command on a bad config the same way', async () => {
    const path = file('worker.yaml', edit('vmid: 102', 'vmid: 101'));
    for (const args of [['worker'], ['mode', 'status', '--json'], ['mode', 'switch', 'linux', '--dry-run'], ['mode', 'watch']]) {
      const [line] = configFailure(await morpheus(path, ...args), path);
      assert.equal(line, 'proxmox.modes.windows.vmid: VM 101 is already used by mode "linux"; each mode needs its own VM', args.join(' '));
    }
  });
});
