import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incompatibilities, unmanagedIncompatibility } from '../../../src/modes/compatibility';
import { gpuDisagreements } from '../../../src/modes/compatibility';
import type { GpuMode, HostSnapshot, ModeDef } from '../../../src/modes/types';
import { GPU, mode, vm } from './fixtures';

/** Two modes `a` (VM 201) and `b` (VM 202), stopped, passing `pa` and `pb` through, plus `more` modes. */
function pair(ga: GpuMode, pa: string[], gb: GpuMode, pb: string[], more: [ModeDef, string[]][] = []) {
  const a = mode('a', 201, ga);
  const b = mode('b', 202, gb);
  const modes = [a, b, ...more.map(([m]) => m)];
  const snapshot: HostSnapshot = { node: 'pve', vms: [vm(201, 'stopped', pa), vm(202, 'stopped', pb), ...more.map(([m, p]) => vm(m.vmid, 'stopped', p))] };
  return { a, b, modes, snapshot, rules: () => incompatibilities(a, b, modes, snapshot) };
}

describe('incompatibilities: rule 1b, the same PCI device', () => {
  const cases: [string, string[], string[], string | undefined][] = [
    ['the same whole device', [GPU], [GPU], GPU],
    ['a whole device and one of its functions', ['01:00.0'], [GPU], '01:00.0'],
    ['the same function, spelled with and without the domain', ['0000:01:00.1'], ['01:00.1'], '0000:01:00.1'],
    ['one device among several', ['0000:02:00', '0000:03:00.0'], ['0000:03:00'], '0000:03:00.0'],
    ['two functions of one device', ['01:00.0'], ['01:00.1'], undefined],
    ['two different devices', [GPU], ['0000:02:00'], undefined],
    ['the same resource mapping', ['mapping:gpu'], ['mapping:gpu'], 'mapping:gpu'],
    ['two different resource mappings', ['mapping:gpu'], ['mapping:nic'], undefined],
    // A mapping's target is not in the VM config; without reading the cluster's mappings it is taken as distinct.
    ['a resource mapping and a raw address', ['mapping:gpu'], [GPU], undefined],
    ['an unreadable entry and a device', ['unreadable:hostpci2'], ['0000:02:00'], 'unreadable:hostpci2'],
    ['an unreadable entry and a mapping', ['mapping:gpu'], ['unreadable:hostpci0'], 'mapping:gpu'],
    ['two unreadable entries', ['unreadable:hostpci0'], ['unreadable:hostpci3'], 'unreadable:hostpci0'],
    ['an unreadable entry and a VM that passes nothing', ['unreadable:hostpci0'], [], undefined],
  ];
  for (const [what, pa, pb, device] of cases) {
    it(`${device === undefined ? 'lets' : 'keeps'} two none modes ${device === undefined ? 'pass' : 'from passing'} ${what}`, () => {
      assert.deepEqual(pair('none', pa, 'none', pb).rules(), device === undefined ? [] : [{ rule: 'pci-device', device }]);
    });
  }
});

describe('incompatibilities: a none mode whose VM passes the GPU through uses it', () => {
  // 301 is declared exclusive and passes function 0 of the GPU: that makes 01:00.0 "the GPU".
  const linux: [ModeDef, string[]] = [mode('linux', 301, 'exclusive'), ['0000:01:00.0']];

  it('clashes with an exclusive mode whose VM passes nothing yet', () => {
    const { rules } = pair('none', ['01:00.0'], 'exclusive', [], [linux]);
    assert.deepEqual(rules(), [{ rule: 'gpu', detail: 'a (none) and b (exclusive) both need the GPU' }]);
  });

  it('clashes with a shared mode on another function, as if it were exclusive', () => {
    assert.deepEqual(
      pair('none', ['01:00.0'], 'shared', ['01:00.1'], [linux])
        .rules()
        .map((i) => i.rule),
      ['gpu'],
    );
  });

  it('stays compatible with another none mode that passes nothing', () => {
    assert.deepEqual(pair('none', ['01:00.0'], 'none', [], [linux]).rules(), []);
  });

  it('is reported as disagreeing with its declaration', () => {
    const { modes, snapshot } = pair('none', ['01:00.0'], 'none', [], [linux]);
    assert.deepEqual(gpuDisagreements(modes, snapshot), [{ mode: 'a', declared: 'none', actual: 'passes the GPU through (01:00.0)' }]);
  });

  it('does not use the GPU when it passes another device', () => {
    const { modes, snapshot, rules } = pair('none', ['0000:02:00'], 'exclusive', [], [linux]);
    assert.deepEqual([rules(), gpuDisagreements(modes, snapshot)], [[], []]);
  });
});

describe('incompatibilities: two shared modes', () => {
  const cases: [string, string[], string[], string[]][] = [
    ['different functions of the GPU (SR-IOV virtual functions)', ['01:00.1'], ['01:00.2'], []],
    ['different devices', [GPU], ['0000:02:00'], []],
    ['nothing passed through yet', [], [], []],
    ['the same device', [GPU], [GPU], ['pci-device']],
    ['the whole device and one of its functions', [GPU], ['01:00.1'], ['pci-device']],
  ];
  for (const [what, pa, pb, rules] of cases) {
    it(`${rules.length === 0 ? 'may' : 'may not'} run together on ${what}`, () => {
      assert.deepEqual(
        pair('shared', pa, 'shared', pb)
          .rules()
          .map((i) => i.rule),
        rules,
      );
    });
  }

  it('may not run with an exclusive mode, even on different devices', () => {
    assert.deepEqual(
      pair('shared', [GPU], 'exclusive', ['0000:02:00'])
        .rules()
        .map((i) => i.rule),
      ['gpu'],
    );
  });
});

describe('unmanagedIncompatibility', () => {
  // An unmanaged VM 105 and the seed-like modes; 101 (exclusive) makes 0000:01:00 the GPU.
  const host = (p105: string[], m: ModeDef, pm: string[]) => {
    const linux = mode('linux', 101, 'exclusive');
    const modes = m.vmid === 101 ? [m] : [linux, m];
    const snapshot: HostSnapshot = {
      node: 'pve',
      vms: [vm(101, 'stopped', m.vmid === 101 ? pm : [GPU]), vm(m.vmid, 'stopped', pm), vm(105, 'running', p105, 'oldgaming')],
    };
    return unmanagedIncompatibility(
      m,
      snapshot.vms.find((v) => v.vmid === 105)!,
      modes,
      snapshot,
    );
  };

  it('names the device an exclusive mode would share with the unmanaged VM', () => {
    assert.deepEqual(host([GPU], mode('linux', 101, 'exclusive'), [GPU]), { rule: 'pci-device', device: GPU });
  });

  it('says the unmanaged VM holds the GPU when a shared mode would need it', () => {
    assert.deepEqual(host([GPU], mode('shared', 104, 'shared'), []), { rule: 'gpu', detail: 'VM 105 (oldgaming) holds the GPU' });
  });

  it('lets a none mode run next to the unmanaged GPU holder', () => {
    assert.equal(host([GPU], mode('nogpu', 103, 'none'), []), undefined);
  });

  it('keeps a none mode off a non-GPU device the unmanaged VM passes through', () => {
    assert.deepEqual(host(['0000:02:00'], mode('nogpu', 103, 'none'), ['02:00.0']), { rule: 'pci-device', device: '02:00.0' });
  });

  it('lets a GPU mode run next to an unmanaged VM that passes nothing', () => {
    assert.equal(host([], mode('linux', 101, 'exclusive'), [GPU]), undefined);
  });

  it('takes an unmanaged VM with an unreadable entry as holding the GPU', () => {
    assert.deepEqual(host(['unreadable:hostpci0'], mode('shared', 104, 'shared'), []), { rule: 'gpu', detail: 'VM 105 (oldgaming) holds the GPU' });
  });
});
