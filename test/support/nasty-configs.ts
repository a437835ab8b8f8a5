import type { FuzzCase } from './config-fuzz';

/** A hand-written hostile config and what must come of it. */
export interface NastyCase extends FuzzCase {
  /** The one issue expected (exactly), a pattern for it, or 'parsed' for input that is odd but valid. */
  readonly expect?: string | RegExp | 'parsed';
}

/** A small valid config; the cases below each break one thing in it. */
export const BASE = `proxmox:
  host: pve.lan
  node: pve
  api_token_id: "morpheus@pam!morpheus-token"
  api_token_secret: "\${PROXMOX_API_TOKEN}"
  modes:
    linux: {vmid: 101, gpu_mode: exclusive}
    windows: {vmid: 102, gpu_mode: exclusive}
    shared: {vmid: 104, gpu_mode: shared, conflicts_with: [linux, windows]}
`;

/** BASE with `from` replaced by `to` (first occurrence; the case fails loudly if `from` is missing). */
export function edit(from: string, to: string): string {
  if (!BASE.includes(from)) throw new Error(`BASE has no ${JSON.stringify(from)}`);
  return BASE.replace(from, to);
}

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const nested = (open: string, close: string, depth: number, inner = 'x') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
const DEEP = 'nested too deeply; a Morpheus config is only a few levels deep';

function billionLaughs(): string {
  const lines = ['lol0: &l0 "lol"'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `lol${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${BASE}${lines.join('\n')}\n`;
}

function mergeBomb(): string {
  const lines = ['m0: &m0 {a: 1, b: 2}'];
  for (let i = 1; i < 8; i++)
    lines.push(
      `m${i}: &m${i} {<<: [${Array(8)
        .fill(`*m${i - 1}`)
        .join(', ')}], k${i}: 1}`,
    );
  return `${lines.join('\n')}\n${BASE}`;
}

/** Every case: wrong types, semantic errors, huge numbers, encodings, bombs, nesting, NULs and odd-but-valid YAML. */
export function nastyConfigs(): NastyCase[] {
  return [
    // Wrong types and semantic errors.
    {
      name: 'a port written as a list',
      input: edit('node: pve', 'node: pve\n  port: [8006]'),
      expect: 'proxmox.port: expected an integer from 1 to 65535, got a list',
    },
    {
      name: 'modes as a list',
      input: BASE.replace(/ {2}modes:[\s\S]*/, '  modes: [linux, windows]\n'),
      expect: 'proxmox.modes: expected a mapping of mode names to modes, got a list',
    },
    {
      name: 'a vmid as a mapping',
      input: edit('vmid: 101', 'vmid: {id: 101}'),
      expect: 'proxmox.modes.linux.vmid: expected an integer from 100 to 999999999, got a mapping',
    },
    {
      name: 'verify_ssl as a string',
      input: edit('node: pve', 'node: pve\n  verify_ssl: "no"'),
      expect: 'proxmox.verify_ssl: expected true or false, got a string',
    },
    { name: 'gpu_mode as a number', input: edit('gpu_mode: shared', 'gpu_mode: 3'), expect: /^proxmox\.modes\.shared\.gpu_mode: / },
    {
      name: 'duplicate vmids',
      input: edit('vmid: 102', 'vmid: 101'),
      expect: 'proxmox.modes.windows.vmid: VM 101 is already used by mode "linux"; each mode needs its own VM',
    },
    {
      name: 'an unknown conflict',
      input: edit('[linux, windows]', '[linux, windoze]'),
      expect: /^proxmox\.modes\.shared\.conflicts_with\[1\]: unknown mode "windoze"; known modes: linux, windows, shared; did you mean "windows"\?$/,
    },
    {
      name: 'an unset ${VAR}',
      input: edit('host: pve.lan', 'host: "${NOT_SET_ANYWHERE}"'),
      expect: 'proxmox.host: environment variable NOT_SET_ANYWHERE is not set (referenced as ${NOT_SET_ANYWHERE}); export it or put the value in the file',
    },
    {
      name: 'an unterminated ${',
      input: edit('host: pve.lan', 'host: "${PROXMOX_API_TOKEN"'),
      expect: 'proxmox.host: malformed ${...} reference; expected ${NAME} with letters, digits and underscores, or $${ for a literal ${',
    },
    {
      name: 'a secret from the environment in conflicts_with',
      input: edit('[linux, windows]', '[linux, "${PROXMOX_API_TOKEN}"]'),
      expect: /^proxmox\.modes\.shared\.conflicts_with\[1\]: unknown mode "\$\{PROXMOX_API_TOKEN\}"/,
    },
    {
      name: '__proto__ at the top',
      input: `__proto__: {polluted: true}\n${BASE}`,
      expect: "top level: unknown key '__proto__'; known keys: proxmox, switch, temporal, schedules, notify, mqtt",
    },
    { name: 'constructor as a mode name', input: edit('    linux:', '    constructor: {vmid: 109, gpu_mode: none}\n    linux:'), expect: 'parsed' },
    // Huge numbers.
    {
      name: 'a port of 1e400',
      input: edit('node: pve', 'node: pve\n  port: 1e400'),
      expect: 'proxmox.port: expected an integer from 1 to 65535, got a number too large to represent',
    },
    {
      name: 'a vmid of 2**64',
      input: edit('vmid: 101', 'vmid: 18446744073709551616'),
      expect: 'proxmox.modes.linux.vmid: expected an integer from 100 to 999999999',
    },
    { name: 'a vmid of -1e400', input: edit('vmid: 101', 'vmid: -1e400'), expect: /^proxmox\.modes\.linux\.vmid: expected an integer from 100 to 999999999/ },
    {
      name: 'a vmid of 400 nines',
      input: edit('vmid: 101', `vmid: ${'9'.repeat(400)}`),
      expect: /^proxmox\.modes\.linux\.vmid: expected an integer from 100 to 999999999/,
    },
    { name: 'a timeout of 1e400 seconds', input: `${BASE}switch:\n  shutdown_timeout: 1e400\n`, expect: /^switch\.shutdown_timeout: expected a duration/ },
    {
      name: 'a timeout of 10^20 hours',
      input: `${BASE}switch:\n  start_timeout: "99999999999999999999h"\n`,
      expect: /^switch\.start_timeout: expected a duration/,
    },
    { name: 'a timeout of .inf', input: `${BASE}switch:\n  network_timeout: .inf\n`, expect: /^switch\.network_timeout: expected a duration/ },
    { name: 'a port of .nan', input: edit('node: pve', 'node: pve\n  port: .nan'), expect: /^proxmox\.port: expected an integer from 1 to 65535/ },
    { name: 'a hexadecimal port (YAML 1.2 reads 0x1F46 as 8006)', input: edit('node: pve', 'node: pve\n  port: 0x1F46'), expect: 'parsed' },
    // Encodings and bytes.
    {
      name: 'a Latin-1 byte in a description',
      input: bytes(edit('gpu_mode: exclusive}', 'gpu_mode: exclusive, description: "caf'), [0xe9], '"}'),
      expect: 'not valid UTF-8; save the file as UTF-8',
    },
    { name: 'an overlong UTF-8 encoding', input: bytes(BASE, '# ', [0xc0, 0xaf], '\n'), expect: 'not valid UTF-8; save the file as UTF-8' },
    { name: 'an encoded UTF-16 surrogate', input: bytes(BASE, '# ', [0xed, 0xa0, 0x80], '\n'), expect: 'not valid UTF-8; save the file as UTF-8' },
    {
      name: 'UTF-16 with a byte-order mark',
      input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, 'utf16le')]),
      expect: 'not valid UTF-8; save the file as UTF-8',
    },
    { name: 'UTF-16 without a byte-order mark', input: Buffer.from(BASE, 'utf16le') },
    { name: 'a UTF-8 byte-order mark and CRLF line ends', input: `\ufeff${BASE.replace(/\n/g, '\r\n')}`, expect: 'parsed' },
    { name: 'a NUL byte in a value', input: edit('host: pve.lan', 'host: "pve\0lan"'), expect: /^proxmox\.host: expected a hostname/ },
    { name: 'a NUL byte in a key', input: edit('node: pve', 'no\0de: pve') },
    { name: 'a NUL byte first', input: `\0${BASE}` },
    { name: 'a file of NUL bytes', input: Buffer.alloc(4096) },
    {
      name: 'an escape sequence in an unknown key',
      input: edit('node: pve', 'node: pve\n  "\\e[2J\\e[31mverify": true'),
      expect: /^proxmox: unknown key "\\u001b\[2J\\u001b\[31mverify"; known keys: /,
    },
    { name: 'a C1 control in an unknown key', input: edit('node: pve', 'node: pve\n  "\\x9b2Jhost": x'), expect: /^proxmox: unknown key "\\u009b2Jhost"; / },
    { name: 'a line separator in a mode name', input: edit('    linux:', '    "li\\u2028nux": {vmid: 109, gpu_mode: none}\n    linux:') },
    {
      name: 'a right-to-left override in a conflict',
      input: edit('[linux, windows]', '[linux, "win\u202edows"]'),
      expect: /^proxmox\.modes\.shared\.conflicts_with\[1\]: unknown mode "win\\u202edows"; /,
    },
    { name: 'a lone surrogate escape in a key', input: edit('node: pve', 'node: pve\n  "\\ud800": 1') },
    // Alias bombs and other YAML features used against the loader.
    {
      name: 'billion laughs (10^9 strings through 10 levels of aliases)',
      input: billionLaughs(),
      expect: 'YAML aliases expand too much (over 50 times); write the values out instead',
    },
    { name: 'a merge-key bomb', input: mergeBomb(), expect: 'YAML aliases expand too much (over 50 times); write the values out instead' },
    { name: 'a merge of a scalar', input: `x: &x 5\n${edit('node: pve', 'node: pve\n  <<: *x')}` },
    {
      name: 'a binary tag on the secret',
      input: edit('api_token_secret: "${PROXMOX_API_TOKEN}"', 'api_token_secret: !!binary c2VjcmV0'),
      expect: 'proxmox.api_token_secret: expected a non-empty string, got binary data (!!binary)',
    },
    {
      name: 'a set tag on conflicts_with',
      input: edit('conflicts_with: [linux, windows]', 'conflicts_with: !!set {linux, windows}'),
      expect: 'proxmox.modes.shared.conflicts_with: expected a list, got a set (!!set)',
    },
    {
      name: 'an ordered-map tag on modes',
      input: BASE.replace(/ {2}modes:[\s\S]*/, '  modes: !!omap [linux: {vmid: 101, gpu_mode: none}]\n'),
      expect: 'proxmox.modes: expected a mapping of mode names to modes, got an ordered map (!!omap)',
    },
    {
      name: 'a timestamp tag on a description',
      input: edit('gpu_mode: exclusive}', 'gpu_mode: exclusive, description: !!timestamp 2001-12-14}'),
      expect: 'proxmox.modes.linux.description: expected a string, got a timestamp',
    },
    { name: 'an unknown local tag', input: edit('host: pve.lan', 'host: !vault pve.lan'), expect: /^2:9: Unresolved tag: !vault; write plain values/ },
    {
      name: 'a core tag that does not fit its value',
      input: edit('vmid: 101', 'vmid: !!int abc'),
      expect: /^\d+:\d+: Unresolved tag: tag:yaml\.org,2002:int; /,
    },
    { name: 'a YAML 1.1 directive (asks for 1.1 booleans and numbers)', input: `%YAML 1.1\n---\n${BASE}`, expect: 'parsed' },
    { name: 'two documents', input: `${BASE}---\n${BASE}`, expect: /^\d+:\d+: more than one YAML document/ },
    { name: 'duplicate keys spelled differently', input: edit('node: pve', 'node: pve\n  "node": pve'), expect: /^\d+:\d+: duplicate key 'node'/ },
    { name: 'an explicit complex key', input: `? [proxmox]\n: 1\n${BASE}`, expect: /^\d+:\d+: mapping keys must be plain values/ },
    // Deep nesting, including every way found around the cheap depth checks.
    { name: '10,000 nested flow sequences', input: `${BASE}x: ${nested('[', ']', 10_000)}\n`, expect: new RegExp(`^\\d+:\\d+: ${DEEP}$`) },
    { name: '10,000 nested flow mappings', input: `${BASE}x: ${nested('{a: ', '}', 10_000, '1')}\n`, expect: new RegExp(`^\\d+:\\d+: ${DEEP}$`) },
    {
      name: 'flow nesting hidden behind quoted closing brackets',
      input: `x: ${'["]", '.repeat(20_000)}${']'.repeat(20_000)}\n`,
      expect: new RegExp(`^\\d+:\\d+: ${DEEP}$`),
    },
    {
      name: 'flow nesting hidden behind single-quoted closing braces',
      input: `x: ${"{'}': ".repeat(20_000)}1${'}'.repeat(20_000)}\n`,
      expect: new RegExp(`^\\d+:\\d+: ${DEEP}$`),
    },
    { name: 'block nesting hidden behind anchors on explicit keys', input: `${'? &a '.repeat(20_000)}x\n`, expect: new RegExp(`^\\d+:\\d+: ${DEEP}$`) },
    { name: 'block nesting hidden behind tags on explicit keys', input: `${'? !t '.repeat(20_000)}x\n`, expect: new RegExp(`^\\d+:\\d+: ${DEEP}$`) },
    { name: 'anchors between sequence indicators (256 KiB)', input: `${'- &a '.repeat(52_000)}x\n` },
    {
      name: 'brackets in a quoted description are not nesting',
      input: edit('gpu_mode: exclusive}', `gpu_mode: exclusive, description: "${'['.repeat(100)}"}`),
      expect: 'parsed',
    },
    { name: 'brackets in a comment are not nesting', input: `# ${'{'.repeat(100)}\n${BASE}`, expect: 'parsed' },
    // Size.
    { name: 'a 900 KiB description', input: edit('gpu_mode: exclusive}', `gpu_mode: exclusive, description: "${'d'.repeat(900 * 1024)}"}`), expect: 'parsed' },
    {
      name: 'a 100,000-character key',
      input: edit('node: pve', `node: pve\n  ${'k'.repeat(100_000)}: 1`),
      expect: /^\d+:\d+: The : indicator must be at most 1024 chars/,
    },
    {
      name: 'a 1,000-character unknown key',
      input: edit('node: pve', `node: pve\n  ${'k'.repeat(1000)}: 1`),
      expect: /^proxmox: unknown key "k{64}…"; known keys: /,
    },
    {
      name: 'one byte over 1 MiB',
      input: `${BASE}#${'x'.repeat(1024 * 1024 - BASE.length)}`,
      expect: 'file is larger than 1 MiB; a Morpheus config is a few KiB of YAML',
    },
    { name: '40,000 unknown conflicts', input: edit('[linux, windows]', `[${Array.from({ length: 40_000 }, (_, i) => `m${i}`).join(', ')}]`) },
    {
      name: '10,000 modes on 10 VMs',
      input: `${BASE}${Array.from({ length: 10_000 }, (_, i) => `    m${i}: {vmid: ${110 + (i % 10)}, gpu_mode: none}`).join('\n')}\n`,
    },
    {
      name: '30,000 aliases of one anchor in a list',
      input: `${BASE}x: &x 1\ny: [${Array(30_000).fill('*x').join(',')}]\n`,
      expect: 'YAML aliases expand too much (over 50 times); write the values out instead',
    },
  ];
}
