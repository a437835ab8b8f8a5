import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigText } from '../../../src/config';
import { guessGpuMode, proposeModes, type VmCandidate } from '../../../src/config-init/propose';
import { renderConfig, type InitSettings } from '../../../src/config-init/render-config';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');
const SETTINGS: InitSettings = {
  host: '192.168.1.100',
  port: 8006,
  node: 'pve',
  tokenId: 'morpheus@pve!morpheus',
  secretEnv: 'PVE_SECRET',
  tls: { kind: 'pin', fingerprint: FINGERPRINT },
  release: '9.0',
  at: new Date('2025-03-01T10:00:00Z'),
};
const vm = (vmid: number, name: string, config: Record<string, string>): VmCandidate => ({ vmid, name, status: 'stopped', config });
const MODES = proposeModes(
  [
    vm(101, 'linux-vr', { agent: '1', hostpci0: '0000:01:00,x-vga=1' }),
    vm(103, 'no "agent"\nhere', {}),
    vm(104, 'shared', { agent: 'enabled=1', hostpci0: '0000:01:00.0,mdev=nvidia-63' }),
    vm(105, 'bench', { agent: '1', hostpci0: '0000:01:00' }),
  ],
  (v) => guessGpuMode(v.config, [...DEFAULT_SCENARIO.pci_devices!], new Map()),
);

describe('renderConfig', () => {
  const yaml = renderConfig(SETTINGS, MODES);
  const config = parseConfigText(yaml, { source: 'init.yaml', env: { PVE_SECRET: 's3cret' } }).config;

  it("loads with the project's loader, with the secret read from the named variable", () => {
    assert.equal(config.proxmox.api_token_secret, 's3cret');
    assert.equal(config.proxmox.fingerprint, FINGERPRINT);
    assert.deepEqual(Object.keys(config.proxmox.modes), ['linux-vr', 'no-agent-here', 'shared', 'bench']);
  });

  it('never holds the secret, only ${NAME}', () => {
    assert.ok(yaml.includes('api_token_secret: "${PVE_SECRET}"'));
    assert.ok(!yaml.includes('s3cret'));
  });

  it('writes gpu_mode with its reason, flags unclear ones, and conflicts_with', () => {
    const modes = config.proxmox.modes;
    assert.deepEqual([modes['linux-vr']!.gpu_mode, modes['shared']!.gpu_mode, modes['bench']!.gpu_mode], ['exclusive', 'shared', 'exclusive']);
    assert.deepEqual(modes['shared']!.conflicts_with, ['linux-vr', 'bench']);
    assert.match(yaml, /gpu_mode: exclusive {2}# hostpci0 passes NVIDIA GeForce RTX 4090 with x-vga=1\n/);
    assert.match(yaml, / {4}bench:\n(?:.*\n){3} {6}# CHECK: unclear from the VM config/);
  });

  it('turns off the network wait for a VM without the guest agent, and keeps names from the host on one line', () => {
    assert.deepEqual(config.proxmox.modes['no-agent-here']!.network, { wait: 'none' });
    assert.equal(config.proxmox.modes['no-agent-here']!.description, 'no "agent"\nhere');
  });

  it('writes a CA file, or nothing to pin for a trusted certificate', () => {
    assert.match(
      renderConfig({ ...SETTINGS, tls: { kind: 'ca', file: '/etc/morpheus/pve-root-ca.pem' } }, MODES),
      /^ {2}ca_file: "\/etc\/morpheus\/pve-root-ca\.pem"$/m,
    );
    assert.doesNotMatch(renderConfig({ ...SETTINGS, tls: { kind: 'system' } }, MODES), /fingerprint:|ca_file:/);
  });
});
