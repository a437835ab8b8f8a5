import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeMqtt } from '../../support/bridge';
import { eventually } from '../../support/eventually';

describe('the Wake host button, when the bridge has a way to wake the host', () => {
  const presses: string[] = [];
  let fail = false;
  // What hostWaker() returns once Wake-on-LAN is in the build: sends the packet, says what it sent.
  const wake = async () => {
    if (fail) throw new Error('sendto EHOSTUNREACH 192.168.1.255:9');
    presses.push('magic packet');
    return 'magic packet sent to AA:BB:CC:DD:EE:FF via 192.168.1.255:9';
  };
  const t = describeMqtt({ bridge: { wake } });

  it('is announced, and a press wakes the host and says so in Last request', async () => {
    const d = await eventually(() => t.ha.discovery(), { what: 'discovery' });
    assert.deepEqual(d.components['wake'], {
      platform: 'button',
      unique_id: `morpheus_${t.h.config.proxmox.node}_wake`,
      name: 'Wake host',
      icon: 'mdi:power',
      command_topic: t.ha.topics.wakeCommand,
      payload_press: 'PRESS',
    });
    const since = t.ha.messages.length;
    await t.ha.press('wake');
    const s = await t.ha.waitForState((x) => x.last_request.outcome === 'wake-sent', 'the wake answer', since);
    assert.equal(s.last_request.text, 'magic packet sent to AA:BB:CC:DD:EE:FF via 192.168.1.255:9');
    assert.deepEqual(presses, ['magic packet']);
  });

  it('says why when waking fails', async () => {
    fail = true;
    const since = t.ha.messages.length;
    await t.ha.press('wake');
    const s = await t.ha.waitForState((x) => x.last_request.outcome === 'error', 'the failure', since);
    assert.equal(s.last_request.text, 'error: sendto EHOSTUNREACH 192.168.1.255:9');
  });
});
