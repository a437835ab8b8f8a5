import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPciAddress, mappingDevicesOn, parseHostpci, parsePciAddress, passthroughsOf, pciOverlaps, type PciAddress } from '../../../src/modes/hostpci';

const addr = (device: string, fn?: string): PciAddress => ({ device, fn });

describe('parsePciAddress', () => {
  const cases: [string, PciAddress | undefined][] = [
    ['0000:01:00.0', addr('0000:01:00', '0')],
    ['0000:01:00', addr('0000:01:00')],
    ['01:00.1', addr('0000:01:00', '1')],
    ['01:00', addr('0000:01:00')],
    ['0001:0A:1F.7', addr('0001:0a:1f', '7')],
    [' 02:00.0 ', addr('0000:02:00', '0')],
    ['01:00.8', undefined],
    ['1:00.0', undefined],
    ['0000:01', undefined],
    ['gpu', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)} as ${expected ? formatPciAddress(expected) : 'nothing'}`, () => assert.deepEqual(parsePciAddress(text), expected));
  }
});

describe('parseHostpci', () => {
  it('reads a whole device with options, as the seed configures the GPU', () => {
    assert.deepEqual(parseHostpci('hostpci0', '0000:01:00,pcie=1,x-vga=1'), {
      kind: 'host',
      slot: 'hostpci0',
      devices: [addr('0000:01:00')],
      options: { pcie: '1', 'x-vga': '1' },
    });
  });

  it('reads one function without a domain', () => {
    assert.deepEqual(parseHostpci('hostpci1', '02:00.0'), { kind: 'host', slot: 'hostpci1', devices: [addr('0000:02:00', '0')], options: {} });
  });

  it('reads an explicit host= key and several ids joined by `;`', () => {
    const p = parseHostpci('hostpci2', 'host=0000:01:00.0;0000:01:00.1,rombar=0');
    assert.deepEqual(p, { kind: 'host', slot: 'hostpci2', devices: [addr('0000:01:00', '0'), addr('0000:01:00', '1')], options: { rombar: '0' } });
  });

  it('reads a cluster mapping with its options', () => {
    assert.deepEqual(parseHostpci('hostpci1', 'mapping=rtx4090,pcie=1'), { kind: 'mapping', slot: 'hostpci1', mapping: 'rtx4090', options: { pcie: '1' } });
  });

  const garbage: [string, string][] = [
    ['an empty value', ''],
    ['only options', 'pcie=1,x-vga=1'],
    ['a bare word', 'gpu'],
    ['a bare id after the first item', 'pcie=1,0000:01:00'],
    ['one bad id among several', '0000:01:00.0;nope'],
    ['an empty id in a list', '0000:01:00.0;'],
    ['both host and mapping', '0000:01:00,mapping=rtx4090'],
    ['an empty mapping', 'mapping='],
    ['an empty host=', 'host=,pcie=1'],
  ];
  for (const [what, value] of garbage) {
    it(`refuses ${what}`, () => assert.equal(parseHostpci('hostpci0', value), undefined));
  }
});

describe('passthroughsOf', () => {
  it('returns passthroughs in numeric slot order, so hostpci10 comes after hostpci2', () => {
    const { parsed, unreadable } = passthroughsOf({
      hostpci10: '0000:03:00.0',
      name: 'win11',
      hostpci2: '0000:02:00.0',
      hostpci0: '0000:01:00,pcie=1',
    });
    assert.deepEqual(
      parsed.map((p) => p.slot),
      ['hostpci0', 'hostpci2', 'hostpci10'],
    );
    assert.deepEqual(unreadable, []);
  });

  it('lists unreadable and non-string entries instead of dropping them', () => {
    const { parsed, unreadable } = passthroughsOf({ hostpci0: 'garbage value', hostpci1: 7, hostpci3: 'mapping=gpu' });
    assert.deepEqual(
      parsed.map((p) => p.slot),
      ['hostpci3'],
    );
    assert.deepEqual(unreadable, ['hostpci0', 'hostpci1']);
  });

  it('ignores keys that are not hostpci0..hostpci15', () => {
    assert.deepEqual(passthroughsOf({ hostpci16: '01:00', xhostpci0: '01:00', hostpci: '01:00', usb0: 'host=1-1' }), { parsed: [], unreadable: [] });
  });
});

describe('pciOverlaps', () => {
  const table: [PciAddress, PciAddress, boolean][] = [
    [addr('0000:01:00'), addr('0000:01:00'), true],
    [addr('0000:01:00'), addr('0000:01:00', '1'), true],
    [addr('0000:01:00', '0'), addr('0000:01:00'), true],
    [addr('0000:01:00', '0'), addr('0000:01:00', '0'), true],
    [addr('0000:01:00', '0'), addr('0000:01:00', '1'), false],
    [addr('0000:01:00'), addr('0000:02:00'), false],
    [addr('0000:01:00'), addr('0001:01:00'), false],
  ];
  for (const [a, b, expected] of table) {
    it(`says ${formatPciAddress(a)} and ${formatPciAddress(b)} ${expected ? 'overlap' : 'do not overlap'}`, () => {
      assert.equal(pciOverlaps(a, b), expected);
      assert.equal(pciOverlaps(b, a), expected);
    });
  }
});

describe('mappingDevicesOn', () => {
  it('reads the path of the entry for this node, as pvesh shows a mapping', () => {
    const map = ['node=pve1,path=0000:01:00.0,id=10de:2684,iommugroup=14,subsystem-id=1043:889d', 'node=pve2,path=0000:41:00.0,id=10de:2684'];
    assert.deepEqual(mappingDevicesOn('pve1', map), [addr('0000:01:00', '0')]);
    assert.deepEqual(mappingDevicesOn('pve2', map), [addr('0000:41:00', '0')]);
  });

  it('counts every path of a `;` list and every entry for the node: Proxmox may pick any free one', () => {
    assert.deepEqual(mappingDevicesOn('pve1', ['node=pve1,path=0000:01:00;0000:02:00.0,id=10de:2684']), [addr('0000:01:00'), addr('0000:02:00', '0')]);
    assert.deepEqual(mappingDevicesOn('pve1', ['path=0000:01:00.0,node=pve1', 'id=10de:2684,node=pve1,path=0000:03:00.0']), [
      addr('0000:01:00', '0'),
      addr('0000:03:00', '0'),
    ]);
  });

  it('gives nothing for a mapping without a readable entry for the node', () => {
    assert.equal(mappingDevicesOn('pve1', []), undefined);
    assert.equal(mappingDevicesOn('pve1', ['node=pve2,path=0000:01:00.0']), undefined);
    assert.equal(mappingDevicesOn('pve1', ['node=pve1,path=not-an-address']), undefined);
    assert.equal(mappingDevicesOn('pve1', ['node=pve1']), undefined);
    assert.equal(mappingDevicesOn('pve1', ['garbage']), undefined);
  });
});
