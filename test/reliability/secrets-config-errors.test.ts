import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli';
import { reportFigures } from '../support/input-figures';
import { BASE, edit } from '../support/nasty-configs';

// Config errors name keys and types, never values: a secret written into the file (where it should not
// be, but people do) or read from the environment must not appear in what the CLI prints, whatever
// else is wrong with the file.

const SECRET = '3f9c2a7e-5b1d-4c8e-9a60-secretcanary';
const INLINE = `api_token_secret: "${SECRET}"`;
const FROM_ENV = 'api_token_secret: "${PROXMOX_API_TOKEN}"';

/** [what, file content, environment]: each file is invalid somewhere and holds the secret somewhere. */
const CASES: [string, string, NodeJS.ProcessEnv][] = [
  ['the secret inline and a type error elsewhere', edit(FROM_ENV, INLINE).replace('vmid: 101', 'vmid: "101"'), {}],
  ['the secret inline and several errors', edit(FROM_ENV, INLINE).replace('host: pve.lan', 'host: 7').replace('gpu_mode: shared', 'gpu_mode: shard'), {}],
  ['the secret inline with a typo in its key', edit(FROM_ENV, `api_token_secre: "${SECRET}"`), {}],
  ['the secret as a list instead of a string', edit(FROM_ENV, `api_token_secret: ["${SECRET}"]`), {}],
  ['the secret as a mapping', edit(FROM_ENV, `api_token_secret: {value: "${SECRET}"}`), {}],
  [
    'the secret in the token id (a whole PVEAPIToken value)',
    edit('api_token_id: "morpheus@pam!morpheus-token"', `api_token_id: "morpheus@pam!morpheus-token=${SECRET}"`),
    { PROXMOX_API_TOKEN: SECRET },
  ],
  ['the secret pasted as the host', edit('host: pve.lan', `host: "${SECRET}!"`), { PROXMOX_API_TOKEN: SECRET }],
  ['the secret pasted as the fingerprint', edit('node: pve', `node: pve\n  fingerprint: "${SECRET}"`), { PROXMOX_API_TOKEN: SECRET }],
  ['the secret as the Temporal API key with a bad address', `${edit(FROM_ENV, INLINE)}temporal:\n  api_key: "${SECRET}"\n  address: "https://x/"\n`, {}],
  ['the secret from the environment in conflicts_with', edit('[linux, windows]', '[linux, "${PROXMOX_API_TOKEN}"]'), { PROXMOX_API_TOKEN: SECRET }],
  ['the secret from the environment as a ca_file path', edit('node: pve', 'node: pve\n  ca_file: "${PROXMOX_API_TOKEN}"'), { PROXMOX_API_TOKEN: SECRET }],
  [
    'the secret from the environment in a TEMPORAL_API_KEY with a bad TEMPORAL_TLS',
    edit(FROM_ENV, INLINE),
    { TEMPORAL_API_KEY: SECRET, TEMPORAL_TLS: 'maybe' },
  ],
  ['the secret from the environment as a duration', `${BASE}switch:\n  shutdown_timeout: "\${PROXMOX_API_TOKEN}"\n`, { PROXMOX_API_TOKEN: SECRET }],
  ['the secret in a YAML syntax error', edit(FROM_ENV, `api_token_secret: "${SECRET}`), {}],
  ['the secret in an unterminated flow list', edit(FROM_ENV, `api_token_secret: [${SECRET}`), {}],
  ['the secret on a line with a second colon', edit(FROM_ENV, `api_token_secret: ${SECRET}: x`), {}],
];

describe('config errors never show the token secret', () => {
  let dir: string;
  let checked = 0;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'morpheus-secret-config-'))));
  after(() => {
    reportFigures('secrets in config errors', { 'invalid configs': CASES.length, 'outputs scanned': checked * 2, 'secrets found': 0 });
    rmSync(dir, { recursive: true, force: true });
  });

  CASES.forEach(([what, content, env], i) => {
    it(`exits 2 without the secret for ${what}`, async () => {
      assert.ok(content.includes(SECRET) || Object.values(env).includes(SECRET), 'the case must hold the secret');
      const file = join(dir, `config-${i}.yaml`);
      writeFileSync(file, content);
      const runs = await Promise.all([['mode', 'list', '--json'], ['worker']].map((args) => runCli(['--config', file, ...args], env, 30_000)));
      for (const r of runs) {
        checked++;
        assert.equal(r.code, 2, `exit ${r.code}\n${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /^error: (?:invalid config|cannot read config)/);
        const out = r.stdout + r.stderr;
        assert.ok(!out.includes(SECRET) && !out.includes(SECRET.slice(0, 20)), `the output shows the secret:\n${out.split(SECRET).join('<SECRET>')}`);
      }
    });
  });
});
