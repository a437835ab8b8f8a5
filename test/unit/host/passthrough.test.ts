import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mappedDevicesOn, passthroughOf } from '../../../src/host/observe-host';
import { sharesDevice } from '../../../src/modes/compatibility';

const mappings = mappedDevicesOn('pve1', [
  { id: 'rtx4090', map: ['node=pve1,path=0000:01:00.0,id=10de:2684,iommugroup=14', 'node=pve2,path=0000:41:00.0,id=10de:2684'] },
  { id: 'elsewhere', map: ['node=pve2,path=0000:01:00.0,id=10de:2684'] },
]);

describe('passthroughOf', () => {
  it('lists raw addresses as they are, in slot order', () => {
    assert.deepEqual(passthroughOf({ hostpci1: '0000:02:00.0', hostpci0: '0000:01:00,pcie=1,x-vga=1' }), ['0000:01:00', '0000:02:00.0']);
  });

  it('keeps a mapping by name and adds the devices it names on this node', () => {
    assert.deepEqual(passthroughOf({ hostpci0: 'mapping=rtx4090,pcie=1' }, mappings), ['mapping:rtx4090', '0000:01:00.0']);
  });

  it('keeps only the name of a mapping the token cannot see or with no entry for this node', () => {
    assert.deepEqual(passthroughOf({ hostpci0: 'mapping=hidden' }, mappings), ['mapping:hidden']);
    assert.deepEqual(passthroughOf({ hostpci0: 'mapping=elsewhere' }, mappings), ['mapping:elsewhere']);
    assert.deepEqual(passthroughOf({ hostpci0: 'mapping=rtx4090' }), ['mapping:rtx4090']);
  });

  it('marks entries it cannot read, which overlap anything', () => {
    assert.deepEqual(passthroughOf({ hostpci0: 'pcie=1', memory: 4096 }), ['unreadable:hostpci0']);
  });
});

describe('a mapping and a raw address naming the same GPU', () => {
  const mapped = passthroughOf({ hostpci0: 'mapping=rtx4090,pcie=1,x-vga=1' }, mappings);

  it('share the device, whichever side names the whole device or one function', () => {
    assert.equal(sharesDevice(mapped, passthroughOf({ hostpci0: '0000:01:00,pcie=1' })), '0000:01:00.0');
    assert.equal(sharesDevice(passthroughOf({ hostpci0: '01:00.0' }), mapped), '0000:01:00.0');
  });

  it('do not share anything with another device', () => {
    assert.equal(sharesDevice(mapped, passthroughOf({ hostpci0: '0000:02:00.0' })), undefined);
    assert.equal(sharesDevice(mapped, passthroughOf({ hostpci0: 'mapping=elsewhere' }, mappings)), undefined);
  });

  it('two VMs naming one mapping share it even when it cannot be resolved', () => {
    assert.equal(sharesDevice(passthroughOf({ hostpci0: 'mapping=hidden' }), passthroughOf({ hostpci2: 'mapping=hidden,pcie=1' })), 'mapping:hidden');
  });
});
