import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUpid, parseUpid } from '../../../src/proxmox/upid';

// The example of the PVE notes (§4), and the real HA-era UPID of Telmate/proxmox-api-go#247.
const TOKEN_UPID = 'UPID:pve1:0003A2F1:01B7C3D2:66F2A1B0:qmstart:100:automation@pve!power:';
const ROOT_UPID = 'UPID:dahu-2:00007323:001036A5:6419CAF8:qmstart:100:root@pam:';

describe('parseUpid', () => {
  it('decodes every field of a token-owned UPID', () => {
    assert.deepEqual(parseUpid(TOKEN_UPID), {
      raw: TOKEN_UPID,
      node: 'pve1',
      pid: 238321,
      pstart: 28820434,
      startTime: 1727177136,
      type: 'qmstart',
      id: '100',
      user: 'automation@pve!power',
    });
  });

  it('keeps the full token id, including the `!tokenid`, as the user', () => {
    assert.equal(parseUpid('UPID:pve:000A0001:00ABCDEF:66F2A1B0:qmstop:101:morpheus@pam!morpheus-token:')?.user, 'morpheus@pam!morpheus-token');
    assert.equal(parseUpid(ROOT_UPID)?.user, 'root@pam');
  });

  it('accepts a node name with dashes and a 9-hex-digit pstart (hosts up for more than ~497 days)', () => {
    const upid = parseUpid('UPID:dahu-2:00007323:1001036A5:6419CAF8:qmstart:100:root@pam:');
    assert.equal(upid?.node, 'dahu-2');
    assert.equal(upid?.pstart, 0x1001036a5);
  });

  it('accepts an empty id and lowercase hex', () => {
    const upid = parseUpid('UPID:pve:0003a2f1:01b7c3d2:66f2a1b0:vzdump::root@pam:');
    assert.equal(upid?.id, '');
    assert.equal(upid?.pid, 238321);
  });

  const malformed: [string, string][] = [
    ['an empty string', ''],
    ['a missing trailing colon', TOKEN_UPID.slice(0, -1)],
    ['a missing UPID prefix', TOKEN_UPID.slice(5)],
    ['a lowercase prefix', `upid${TOKEN_UPID.slice(4)}`],
    ['a 7-digit pid', 'UPID:pve1:003A2F1:01B7C3D2:66F2A1B0:qmstart:100:root@pam:'],
    ['a 10-digit pstart', 'UPID:pve1:0003A2F1:101B7C3D2A:66F2A1B0:qmstart:100:root@pam:'],
    ['a non-hex starttime', 'UPID:pve1:0003A2F1:01B7C3D2:66F2A1BZ:qmstart:100:root@pam:'],
    ['a missing user', 'UPID:pve1:0003A2F1:01B7C3D2:66F2A1B0:qmstart:100::'],
    ['a node ending in a dash', 'UPID:pve-:0003A2F1:01B7C3D2:66F2A1B0:qmstart:100:root@pam:'],
    ['a slash in the type', 'UPID:pve1:0003A2F1:01B7C3D2:66F2A1B0:qm/start:100:root@pam:'],
    ['whitespace in the id', 'UPID:pve1:0003A2F1:01B7C3D2:66F2A1B0:qmstart:1 0:root@pam:'],
    ['an extra field', 'UPID:pve1:0003A2F1:01B7C3D2:66F2A1B0:qmstart:100:root@pam:x:'],
  ];
  for (const [what, raw] of malformed) {
    it(`returns undefined for ${what}`, () => assert.equal(parseUpid(raw), undefined));
  }
});

describe('formatUpid', () => {
  it('prints %08X fields and a trailing colon, the way PVE does', () => {
    const text = formatUpid({ node: 'pve1', pid: 238321, pstart: 28820434, startTime: 1727177136, type: 'qmstart', id: '100', user: 'automation@pve!power' });
    assert.equal(text, TOKEN_UPID);
  });

  for (const raw of [TOKEN_UPID, ROOT_UPID, 'UPID:pve:00000001:1001036A5:00000000:hastart:999999999:a@b!c:']) {
    it(`round-trips ${raw}`, () => {
      const parsed = parseUpid(raw);
      assert.ok(parsed);
      const { raw: _raw, ...fields } = parsed;
      assert.equal(formatUpid(fields), raw);
    });
  }

  it('widens pstart to 9 digits once it no longer fits in 8', () => {
    const text = formatUpid({ node: 'pve', pid: 1, pstart: 0x100000000, startTime: 1, type: 'qmstop', id: '101', user: 'root@pam' });
    assert.equal(text, 'UPID:pve:00000001:100000000:00000001:qmstop:101:root@pam:');
    assert.equal(parseUpid(text)?.pstart, 0x100000000);
  });
});
