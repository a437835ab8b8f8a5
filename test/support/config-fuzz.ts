import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { seededRandom } from '../../src/shared/seeded-random';

/** One input for the config loader: a name that says how it was made, and the file's bytes or text. */
export interface FuzzCase {
  readonly name: string;
  readonly input: string | Uint8Array;
}

/** A valid config touching every section, the seed every mutation starts from. Needs ca.pem next to it. */
export const FUZZ_SEED = `proxmox:
  host: "pve.lan"
  port: 8006
  node: "pve"
  api_token_id: "morpheus@pam!morpheus-token"
  api_token_secret: "\${PROXMOX_API_TOKEN}"
  fingerprint: "${Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':')}"
  ca_file: ca.pem
  request_timeout: 15s
  modes:
    linuxvrstreaming:
      vmid: 101
      description: "Linux VR streaming (CachyOS + WiVRN)"
      gpu_mode: exclusive
      shutdown_timeout: 90
    windowsvrstreaming: &vr
      vmid: 102
      description: "Windows VR streaming"
      gpu_mode: exclusive
      network: { wait: tcp, host: 192.168.1.151, port: 3389, timeout: 2m }
    nimsforestnogpu:
      vmid: 103
      gpu_mode: none
      network:
        wait: none
    nimsforestsharedgpu:
      vmid: 104
      gpu_mode: shared
      conflicts_with:
        - linuxvrstreaming
        - windowsvrstreaming
switch:
  rollback: true
  shutdown_timeout: 60s
  start_timeout: 2m
  network_timeout: 120
temporal:
  address: localhost:7233
  namespace: default
  task_queue: morpheus
  tls:
    enabled: false
    server_name: temporal.lan
`;

/** Every failing case can be regenerated from its seed. */
export const mulberry32 = seededRandom;

type Random = () => number;
const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, items: readonly T[]): T => items[int(r, items.length)]!;

const TOKENS = [
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '!!map ',
  '!!seq ',
  '!!set ',
  '!!timestamp ',
  '!tag ',
  '? ',
  '- ',
  ': ',
  '|',
  '>-',
  '|9',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '<<: *vr',
  '{',
  '}',
  '[',
  ']',
  ',',
  '#',
  '"',
  "'",
  '\t',
  '${',
  '${NOPE}',
  '$${',
  '${PROXMOX_API_TOKEN}',
  '~',
  'null',
  '.inf',
  '.nan',
  '0x1F',
  '0o17',
  '1e400',
  '18446744073709551616',
  '-0',
  '1_000',
  '\\',
  '@',
  '`',
  '%',
];
const UNICODE = [
  '\u0000',
  '\u0001',
  '\u001b[2J',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\uffff',
  'é',
  'ß',
  'İ',
  '𝔭𝔳𝔢',
  '😀',
  'e\u0301',
  '中文',
  'ℌ',
  '\ud800',
  '\udfff',
];
const WEIRD_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  '',
  ' ',
  'x'.repeat(5000),
  [],
  {},
  [[[]]],
  { a: { b: {} } },
  ['linuxvrstreaming', 7],
  '2m',
  '-5s',
  '1e3s',
  '0ms',
  'PT5M',
  'exclusive',
  'tcp',
  'https://pve.lan:8006',
];
const KEY_TYPOS = (key: string, r: Random) =>
  pick(r, [`${key}s`, key.slice(1), key.toUpperCase(), `${key}\u200b`, key.replace(/_/g, '-'), `_${key}`, 'verfy_ssl', 'api_token', 'timeout', '']);

type Tree = Record<string, unknown> | unknown[];

/** Every [container, key] in a parsed tree, so a mutation can pick one at random. */
function slots(tree: unknown, out: [Tree, string | number][] = []): [Tree, string | number][] {
  if (Array.isArray(tree)) {
    tree.forEach((v, i) => {
      out.push([tree, i]);
      slots(v, out);
    });
  } else if (tree !== null && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree)) {
      out.push([tree as Tree, k]);
      slots(v, out);
    }
  }
  return out;
}

function nest(value: unknown, depth: number, r: Random): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = r() < 0.5 ? [v] : { [pick(r, ['a', 'modes', 'proxmox', 'x'])]: v };
  return v;
}

/** A random [container, key] of the tree, or undefined for an empty one. */
function slot(tree: unknown, r: Random, mappingsOnly = false): [Record<string | number, unknown>, string | number] | undefined {
  const all = slots(tree).filter(([owner]) => !mappingsOnly || !Array.isArray(owner));
  return all.length === 0 ? undefined : (pick(r, all) as [Record<string | number, unknown>, string | number]);
}

/** Mutations of the data, rendered back as YAML (block or flow) or JSON. */
const TREE_MUTATIONS: Record<string, (tree: unknown, r: Random) => void> = {
  'delete a key': (tree, r) => {
    const [owner, key] = slot(tree, r) ?? [];
    if (Array.isArray(owner)) owner.splice(key as number, 1);
    else if (owner) delete owner[key!];
  },
  'swap a type': (tree, r) => {
    const [owner, key] = slot(tree, r) ?? [];
    if (owner) owner[key!] = structuredClone(pick(r, WEIRD_VALUES));
  },
  'rename a key': (tree, r) => {
    const [owner, key] = slot(tree, r, true) ?? [];
    if (!owner) return;
    owner[KEY_TYPOS(String(key), r)] = owner[key!];
    delete owner[key!];
  },
  'nest deeply': (tree, r) => {
    const [owner, key] = slot(tree, r) ?? [];
    if (owner) owner[key!] = nest(owner[key!], 1 + int(r, 60), r);
  },
  'long string': (tree, r) => {
    const [owner, key] = slot(tree, r) ?? [];
    if (owner) owner[key!] = pick(r, UNICODE).repeat(1 + int(r, 20_000));
  },
  'many modes': (tree, r) => {
    const modes = ((tree as { proxmox?: { modes?: unknown } }).proxmox ?? {}).modes;
    if (modes === null || typeof modes !== 'object') return;
    const n = 1 + int(r, 300);
    for (let i = 0; i < n; i++) (modes as Record<string, unknown>)[`m${i}`] = { vmid: 100 + int(r, 50), gpu_mode: 'none', conflicts_with: [`x${i}`] };
  },
};

/** Mutations of the text itself, where YAML's own syntax is attacked. */
const TEXT_MUTATIONS: Record<string, (text: string, r: Random) => string | Uint8Array> = {
  'insert random bytes': (text, r) => {
    const bytes = Buffer.from(text);
    const at = int(r, bytes.length + 1);
    const noise = Buffer.from(Array.from({ length: 1 + int(r, 16) }, () => int(r, 256)));
    return Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
  },
  'insert unicode': (text, r) => insert(text, r, pick(r, UNICODE)),
  'insert a YAML token': (text, r) => insert(text, r, pick(r, TOKENS)),
  truncate: (text, r) => text.slice(0, int(r, text.length)),
  'duplicate a line': (text, r) => lines(text, r, (ls, i) => ls.splice(i, 0, ls[i]!)),
  'delete a line': (text, r) => lines(text, r, (ls, i) => ls.splice(i, 1)),
  'swap two lines': (text, r) => lines(text, r, (ls, i) => ([ls[i], ls[0]] = [ls[0]!, ls[i]!])),
  'shift indentation': (text, r) => lines(text, r, (ls, i) => (ls[i] = r() < 0.5 ? ` ${ls[i]}` : ls[i]!.replace(/^ {1,2}/, ''))),
  'huge number': (text, r) =>
    text.replace(
      /\b\d+\b/,
      pick(r, ['1e400', '18446744073709551616', '-1e400', '9'.repeat(400), '0x7FFFFFFFFFFFFFFF', '.inf', '-.inf', '.nan', '1e-400', '-0']),
    ),
  'deep flow nesting': (text, r) => {
    const depth = 1 + int(r, 120);
    return insert(text, r, `${'['.repeat(depth)}x${']'.repeat(r() < 0.8 ? depth : int(r, depth))}`);
  },
  'quoted brackets': (text, r) => insert(text, r, ` ${'["]", '.repeat(1 + int(r, 300))}`),
  'change a character': (text, r) => {
    const at = int(r, text.length);
    return text.slice(0, at) + pick(r, [...' :-[]{}&*!|>\'"#%@`,?\n\t\\$0aZ.']) + text.slice(at + 1);
  },
  'CRLF and tabs': (text, r) => (r() < 0.5 ? text.replace(/\n/g, '\r\n') : text.replace(/ {2}/, '\t')),
};

function insert(text: string, r: Random, what: string): string {
  const at = int(r, text.length + 1);
  return text.slice(0, at) + what + text.slice(at);
}

function lines(text: string, r: Random, edit: (ls: string[], i: number) => void): string {
  const ls = text.split('\n');
  edit(ls, int(r, ls.length));
  return ls.join('\n');
}

function render(tree: unknown, r: Random): string {
  const style = int(r, 3);
  if (style === 0) return JSON.stringify(tree, null, 1) ?? 'null';
  return stringifyYaml(tree, {
    flowCollectionPadding: false,
    ...(style === 2 && { collectionStyle: 'flow' as const }),
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}

/** `count` mutated configs from the seed, each with 1 to 4 mutations; the same seed gives the same cases. */
export function mutatedConfigs(seed: number, count: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const caseSeed = (seed * 1_000_003 + i) >>> 0;
    const r = mulberry32(caseSeed);
    const applied: string[] = [];
    let input: string | Uint8Array = FUZZ_SEED;
    const rounds = 1 + int(r, 4);
    for (let round = 0; round < rounds; round++) {
      // Bytes that are not UTF-8 stay as they are: decoding them for more edits would repair them.
      if (typeof input !== 'string') break;
      const text = input;
      if (r() < 0.4) {
        let tree: unknown;
        try {
          tree = parseYaml(text, { uniqueKeys: false, maxAliasCount: 100, logLevel: 'silent' });
        } catch {
          continue;
        }
        if (tree === null || typeof tree !== 'object') continue;
        const [name, mutate] = pick(r, Object.entries(TREE_MUTATIONS));
        mutate(tree, r);
        applied.push(name);
        input = render(tree, r);
      } else {
        const [name, mutate] = pick(r, Object.entries(TEXT_MUTATIONS));
        applied.push(name);
        input = mutate(text, r);
      }
    }
    cases.push({ name: `mutant #${i} (seed ${caseSeed}): ${applied.join(', ') || 'none'}`, input });
  }
  return cases;
}
