import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertRejected, errorOf, parse } from './fixtures';

/** A billion-laughs document: each level aliases the previous one nine times. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level < 9; level++) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return lines.join('\n');
}

// [what is wrong, file content, the one issue expected]
const cases: [string, string | Uint8Array, string][] = [
  ['an empty file', '', 'config file is empty; see docs/configuration.md'],
  ['a file of only comments', '# proxmox:\n#   host: x\n', 'config file is empty; see docs/configuration.md'],
  ['a top-level list', '- proxmox\n- modes\n', 'top level: expected a mapping with a proxmox section, got a list'],
  ['a top-level scalar', 'proxmox\n', 'top level: expected a mapping with a proxmox section, got a string'],
  ['a YAML syntax error', 'proxmox:\n  host: [pve\n', '3:1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ['an unterminated quote', 'proxmox:\n  host: "pve\n', '3:1: Missing closing "quote'],
  ['tab indentation', 'proxmox:\n\thost: pve\n', '2:1: Tabs are not allowed as indentation'],
  ['a duplicate key', 'proxmox:\n  host: a\n  node: pve\n  host: b\n', "4:3: duplicate key 'host'; each key may appear once per mapping"],
  ['two YAML documents', 'proxmox: {}\n---\nproxmox: {}\n', '2:1: more than one YAML document (---); a config is a single document'],
  ['a mapping used as a key', '? {a: 1}\n: x\n', '1:3: mapping keys must be plain values, not lists, mappings or aliases'],
  ['an alias with no anchor', 'proxmox: *base\n', '1:10: alias *base has no anchor &base before it'],
  ['an alias inside its own anchor', 'a: &loop [*loop]\n', '1:11: alias *loop refers to a mapping or list that contains it'],
  ['an alias bomb', aliasBomb(), 'YAML aliases expand too much (over 50 times); write the values out instead'],
  ['bytes that are not UTF-8', Buffer.from([0x70, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), 'not valid UTF-8; save the file as UTF-8'],
  ['a file over 1 MiB', `# ${'x'.repeat(1024 * 1024)}\n`, 'file is larger than 1 MiB; a Morpheus config is a few KiB of YAML'],
  ['deeply nested flow collections', `a: ${'['.repeat(40)}${']'.repeat(40)}\n`, '1:36: nested too deeply; a Morpheus config is only a few levels deep'],
  ['deeply nested block sequences', `${'- '.repeat(100)}x\n`, '1:129: nested too deeply; a Morpheus config is only a few levels deep'],
];

describe('files that are not a usable YAML mapping', () => {
  for (const [what, text, issue] of cases) {
    it(`rejects ${what} with one line`, () => assertRejected(text, issue));
  }

  it('accepts anchors, aliases and merge keys used sparingly', () => {
    const text = [
      'proxmox:',
      '  host: pve.lan',
      '  node: pve',
      '  api_token_id: "morpheus@pam!token"',
      '  api_token_secret: s',
      '  modes:',
      '    linux: &vr {vmid: 101, gpu_mode: exclusive, description: VR}',
      '    windows:',
      '      <<: *vr',
      '      vmid: 102',
    ].join('\n');
    assert.deepEqual(parse(text).config.proxmox.modes.windows, {
      vmid: 102,
      description: 'VR',
      gpu_mode: 'exclusive',
      conflicts_with: [],
      network: { wait: 'agent' },
    });
  });

  it('checks tens of thousands of keys quickly, since duplicate detection is linear', () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`).join('\n');
    const started = Date.now();
    const error = errorOf(keys);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started}ms`);
    assert.equal(error.issues[0], 'proxmox: missing required key; expected a mapping');
  });
});
