import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessGpuMode, modeNameFor, proposeModes, type VmCandidate } from '../../../src/config-init/propose';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';

const PCI = [...DEFAULT_SCENARIO.pci_devices!];
const guess = (config: Record<string, string>, pci: typeof PCI | undefined = PCI, mapped = new Map()) => guessGpuMode(config, pci, mapped);

describe('guessGpuMode', () => {
  const cases: [string, Record<string, string>, string, boolean][] = [
    ['no passthrough: none', {}, 'none', false],
    ['a display GPU with x-vga=1: exclusive', { hostpci0: '0000:01:00,pcie=1,x-vga=1' }, 'exclusive', false],
    ['a mediated device (vGPU): shared', { hostpci0: '0000:01:00.0,mdev=nvidia-63' }, 'shared', false],
    ['a NIC only: none', { hostpci0: '0000:03:00.0' }, 'none', false],
    ['a display GPU without x-vga: exclusive, unclear', { hostpci0: '0000:01:00,pcie=1' }, 'exclusive', true],
    ['an address the PCI list does not show: exclusive, unclear', { hostpci0: '0000:09:00.0' }, 'exclusive', true],
    ['an unresolved mapping: exclusive, unclear', { hostpci0: 'mapping=rtx4090' }, 'exclusive', true],
    ['an entry that cannot be read: exclusive, unclear', { hostpci0: 'host=zz:zz' }, 'exclusive', true],
  ];
  for (const [what, config, mode, unclear] of cases) {
    it(what, () => {
      const g = guess(config);
      assert.deepEqual([g.gpuMode, g.unclear], [mode, unclear], g.reason);
    });
  }

  it('names the GPU and says why', () => {
    const g = guess({ hostpci0: '0000:01:00,pcie=1,x-vga=1' });
    assert.equal(g.gpu, 'NVIDIA GeForce RTX 4090');
    assert.equal(g.reason, 'hostpci0 passes NVIDIA GeForce RTX 4090 with x-vga=1');
    assert.deepEqual(g.devices, ['0000:01:00']);
  });

  it('flags a passthrough as unclear when the PCI list cannot be read (no Sys.Audit)', () => {
    const g = guessGpuMode({ hostpci0: '0000:03:00.0' }, undefined, new Map());
    assert.deepEqual([g.gpuMode, g.unclear], ['exclusive', true]);
    assert.match(g.reason, /the PCI list is not readable/);
  });

  it('reads a resolved mapping by its devices', () => {
    const mapped = new Map([['rtx4090', [{ device: '0000:01:00', fn: '0' }]]]);
    const g = guess({ hostpci0: 'mapping=rtx4090,x-vga=1' }, PCI, mapped);
    assert.deepEqual([g.gpuMode, g.unclear, g.gpu], ['exclusive', false, 'NVIDIA GeForce RTX 4090']);
  });
});

describe('modeNameFor', () => {
  const name = (vmName: string, taken: string[] = []) => modeNameFor({ vmid: 101, name: vmName }, new Set(taken));
  it('lowercases and turns other characters into hyphens', () => assert.equal(name('Win11 Gaming.VR'), 'win11-gaming-vr'));
  it('keeps underscores and drops leading and trailing junk', () => assert.equal(name('--_cachy_os--'), 'cachy_os'));
  it('falls back to vm<vmid>', () => assert.equal(name('***'), 'vm101'));
  it('appends the vmid to a name already taken', () => assert.equal(name('windows', ['windows']), 'windows-101'));
  it('stays within 63 characters', () => assert.equal(name('x'.repeat(80), ['x'.repeat(63)]).length, 63));
});

describe('proposeModes', () => {
  const vm = (vmid: number, name: string, hostpci0?: string): VmCandidate => ({ vmid, name, status: 'stopped', config: hostpci0 ? { hostpci0 } : {} });
  const vms = [
    vm(101, 'linux-vr', '0000:01:00,x-vga=1'),
    vm(102, 'windows-vr', '0000:01:00,x-vga=1'),
    vm(103, 'compute'),
    vm(104, 'compute-gpu', '0000:01:00.0,mdev=nvidia-63'),
    vm(106, 'other-gpu', '0000:05:00,x-vga=1'),
  ];
  const modes = proposeModes(vms, (v) => guessGpuMode(v.config, undefined, new Map()));

  it('gives a shared mode conflicts_with every exclusive mode on its device, as the seed does', () => {
    assert.deepEqual(modes.find((m) => m.name === 'compute-gpu')!.conflictsWith, ['linux-vr', 'windows-vr']);
  });

  it('gives two exclusive modes on one GPU no conflict, so a switch can move between them', () => {
    assert.deepEqual(
      modes.filter((m) => m.guess.gpuMode === 'exclusive').map((m) => m.conflictsWith),
      [[], [], []],
    );
  });

  it('takes the names given', () => {
    assert.deepEqual(
      proposeModes([vms[0]!], (v) => guessGpuMode(v.config, undefined, new Map()), new Map([[101, 'vr']])).map((m) => m.name),
      ['vr'],
    );
  });
});
