import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { magicPacket, parseMac } from '../../../src/host/magic-packet';
import { expectedMagicPacket } from '../../support/udp-listener';

describe('magicPacket', () => {
  it('is 6 × 0xFF followed by the MAC 16 times: 102 bytes', () => {
    const p = magicPacket('bc:24:11:2e:c5:4a');
    assert.equal(p.length, 102);
    assert.deepEqual([...p.subarray(0, 6)], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    for (let i = 0; i < 16; i++) assert.deepEqual([...p.subarray(6 + 6 * i, 12 + 6 * i)], [0xbc, 0x24, 0x11, 0x2e, 0xc5, 0x4a], `repeat ${i}`);
    assert.deepEqual(p, expectedMagicPacket('BC:24:11:2E:C5:4A'));
  });

  it('refuses what is not a MAC address', () => {
    assert.throws(() => magicPacket('bc:24:11:2e:c5'), /not a MAC address/);
  });
});

describe('parseMac', () => {
  const ok = (text: string) => {
    it(`reads ${JSON.stringify(text)}`, () => assert.equal(parseMac(text)?.toString('hex'), 'bc24112ec54a'));
  };
  const bad = (text: string) => {
    it(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseMac(text), undefined));
  };
  ok('BC:24:11:2E:C5:4A');
  ok('bc-24-11-2e-c5-4a');
  ok('bc24112ec54a');
  ok(' bc:24:11:2e:c5:4a ');
  bad('bc:24:11:2e:c5');
  bad('bc:24:11:2e:c5:4a:00');
  bad('bc:24-11:2e:c5:4a');
  bad('gg:24:11:2e:c5:4a');
  bad('');
});
