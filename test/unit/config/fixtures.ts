import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, parseConfigText } from '../../../src/config';
import type { ParsedConfig } from '../../../src/config';

/** The "Config Example" from the feature brief, byte for byte (trailing spaces included): users already have it. */
export const SEED_EXAMPLE =
  [
    '# ~/.morpheus/config.yaml',
    '',
    'proxmox:',
    '  host: "192.168.1.100"           # Proxmox host IP',
    '  port: 8006                       # Proxmox API port',
    '  node: "pve"                      # Proxmox node name',
    '  ',
    '  # Authentication (use API token, not password)',
    '  api_token_id: "morpheus@pam!morpheus-token"',
    '  api_token_secret: "${PROXMOX_API_TOKEN}"',
    '  ',
    '  # TLS (self-signed certs common in home labs)',
    '  verify_ssl: false',
    '  ',
    '  # Boot modes - map friendly names to VM IDs',
    '  modes:',
    '    linuxvrstreaming:',
    '      vmid: 101',
    '      description: "Linux VR streaming (CachyOS + WiVRN)"',
    '      gpu_mode: exclusive',
    '      ',
    '    windowsvrstreaming:',
    '      vmid: 102  ',
    '      description: "Windows VR streaming"',
    '      gpu_mode: exclusive',
    '      ',
    '    nimsforestnogpu:',
    '      vmid: 103',
    '      description: "NimsForest distributed compute (no GPU)"',
    '      gpu_mode: none',
    '      ',
    '    nimsforestsharedgpu:',
    '      vmid: 104',
    '      description: "NimsForest with GPU compute"',
    '      gpu_mode: shared',
    '      conflicts_with:',
    '        - linuxvrstreaming',
    '        - windowsvrstreaming',
  ].join('\n') + '\n';

export const SECRET = 'pve-secret-7f3a91';
export const ENV = { PROXMOX_API_TOKEN: SECRET };

type Mapping = Record<string, unknown>;

/** A small valid config as data; tests change one thing with `configWith`. */
export function validConfig(): Mapping {
  return {
    proxmox: {
      host: 'pve.lan',
      node: 'pve',
      api_token_id: 'morpheus@pam!morpheus-token',
      api_token_secret: '${PROXMOX_API_TOKEN}',
      modes: {
        linux: { vmid: 101, gpu_mode: 'exclusive' },
        windows: { vmid: 102, gpu_mode: 'exclusive' },
        shared: { vmid: 104, gpu_mode: 'shared', conflicts_with: ['linux', 'windows'] },
      },
    },
  };
}

/**
 * The valid config as YAML text, with each dotted key path set to its value (undefined deletes it),
 * e.g. configWith({ 'proxmox.port': '8006', 'proxmox.host': undefined }).
 */
export function configWith(changes: Mapping = {}): string {
  const config = validConfig();
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let target = config;
    for (const key of keys) {
      target[key] ??= {};
      target = target[key] as Mapping;
    }
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  // JSON is YAML, and keeps the rendering obvious.
  return JSON.stringify(config, null, 2) + '\n';
}

export function parse(text: string | Uint8Array, env: Record<string, string> = ENV, baseDir = '/nonexistent'): ParsedConfig {
  return parseConfigText(text, { source: 'test.yaml', env, baseDir });
}

/** The ConfigError that parsing `text` throws; fails the test if it does not throw one. */
export function errorOf(text: string | Uint8Array, env: Record<string, string> = ENV, baseDir = '/nonexistent'): ConfigError {
  try {
    parse(text, env, baseDir);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but the config parsed');
}

/** Asserts that `text` fails with exactly one issue, shown on one line as `invalid config test.yaml: <issue>`. */
export function assertRejected(text: string | Uint8Array, issue: string, env: Record<string, string> = ENV): void {
  const error = errorOf(text, env);
  assert.equal(error.message, `invalid config test.yaml: ${issue}`);
  assert.deepEqual(error.issues, [issue]);
}

/** The directory holding package.json; compiled tests run from dist/, so walk up to find it. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!statSync(join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile()) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
