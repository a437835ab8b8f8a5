import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigText } from '../../../src/config';
import { modesFromConfig } from '../../../src/modes/from-config';
import type { ModeDef } from '../../../src/modes/types';
import { ENV, SEED_EXAMPLE } from '../config/fixtures';
import { seedModes } from './fixtures';

/** The modes of a config whose `proxmox.modes` (and optional `switch` section) are given as YAML lines. */
function modesOf(modes: string[], switchSection: string[] = []): ModeDef[] {
  const text = [
    'proxmox:',
    '  host: pve.lan',
    '  node: pve',
    '  api_token_id: "morpheus@pam!morpheus-token"',
    '  api_token_secret: "${PROXMOX_API_TOKEN}"',
    '  modes:',
    ...modes.map((line) => `    ${line}`),
    ...(switchSection.length > 0 ? ['switch:', ...switchSection.map((line) => `  ${line}`)] : []),
  ].join('\n');
  return modesFromConfig(parseConfigText(text, { source: 'test.yaml', env: ENV, baseDir: '/nonexistent' }).config);
}

const only = (modes: ModeDef[]): ModeDef => {
  assert.equal(modes.length, 1);
  return modes[0]!;
};

describe('modesFromConfig', () => {
  it("reads the seed's config as the seed's four modes, in order, with the default timeouts", () => {
    const { config } = parseConfigText(SEED_EXAMPLE, { source: 'seed.yaml', env: ENV, baseDir: '/nonexistent' });
    const descriptions = [
      'Linux VR streaming (CachyOS + WiVRN)',
      'Windows VR streaming',
      'NimsForest distributed compute (no GPU)',
      'NimsForest with GPU compute',
    ];
    assert.deepEqual(
      modesFromConfig(config),
      seedModes().map((m, i) => ({ ...m, description: descriptions[i]! })),
    );
  });

  it('leaves the description empty and conflicts_with empty when not given', () => {
    const m = only(modesOf(['plain: { vmid: 110, gpu_mode: none }']));
    assert.deepEqual([m.description, m.conflictsWith], ['', []]);
  });

  it('takes the shutdown timeout from switch when the mode has none', () => {
    assert.equal(only(modesOf(['vr: { vmid: 101, gpu_mode: exclusive }'], ['shutdown_timeout: 90s'])).shutdownTimeoutMs, 90_000);
  });

  it("prefers the mode's own shutdown timeout to the switch default", () => {
    const modes = modesOf(['slow: { vmid: 101, gpu_mode: exclusive, shutdown_timeout: 3m }', 'fast: { vmid: 102, gpu_mode: none }'], ['shutdown_timeout: 20']);
    assert.deepEqual(
      modes.map((m) => m.shutdownTimeoutMs),
      [180_000, 20_000],
    );
  });

  it("takes every mode's start timeout from switch", () => {
    assert.deepEqual(
      modesOf(['a: { vmid: 101, gpu_mode: exclusive }', 'b: { vmid: 102, gpu_mode: none }'], ['start_timeout: 5m']).map((m) => m.startTimeoutMs),
      [300_000, 300_000],
    );
  });
});

describe('modesFromConfig: the network wait', () => {
  const cases: [string, string, string[], ModeDef['network']][] = [
    ["waits for the guest agent by default, for the switch's 120 s", '{}', [], { wait: 'agent', timeoutMs: 120_000 }],
    ["uses the switch's network timeout for the agent", '{ wait: agent }', ['network_timeout: 45s'], { wait: 'agent', timeoutMs: 45_000 }],
    ["prefers the mode's own agent timeout", '{ wait: agent, timeout: 10s }', ['network_timeout: 45s'], { wait: 'agent', timeoutMs: 10_000 }],
    [
      "waits for a TCP port with the switch's timeout",
      '{ wait: tcp, host: 10.0.0.5, port: 22 }',
      [],
      { wait: 'tcp', host: '10.0.0.5', port: 22, timeoutMs: 120_000 },
    ],
    [
      'waits for a TCP port with its own timeout',
      '{ wait: tcp, host: vr.lan, port: 9757, timeout: 1m }',
      ['network_timeout: 5s'],
      { wait: 'tcp', host: 'vr.lan', port: 9757, timeoutMs: 60_000 },
    ],
    ['does not wait when told none', '{ wait: none }', ['network_timeout: 5s'], { wait: 'none' }],
  ];
  for (const [title, network, switchSection, expected] of cases) {
    it(title, () => assert.deepEqual(only(modesOf([`m: { vmid: 101, gpu_mode: exclusive, network: ${network} }`], switchSection)).network, expected));
  }
});
