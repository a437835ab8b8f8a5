import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoveryPayload } from '../../../src/mqtt/discovery';
import { hostTopics } from '../../../src/mqtt/topics';

const topics = hostTopics('pve', { discoveryPrefix: 'homeassistant', topicPrefix: 'morpheus' });
const payload = (wake = false) => discoveryPayload({ node: 'pve', modes: ['linux', 'windows'], topics, version: '1.2.3', wake });

describe('hostTopics', () => {
  it('puts discovery under the device path and everything else under <topic_prefix>/<node>', () => {
    assert.deepEqual(hostTopics('pve-2', { discoveryPrefix: 'ha', topicPrefix: 'lab/morpheus' }), {
      discovery: 'ha/device/morpheus_pve-2/config',
      availability: 'lab/morpheus/pve-2/availability',
      state: 'lab/morpheus/pve-2/state',
      modeCommand: 'lab/morpheus/pve-2/mode/set',
      cancelCommand: 'lab/morpheus/pve-2/cancel',
      wakeCommand: 'lab/morpheus/pve-2/wake',
      haStatus: 'ha/status',
    });
  });
});

describe('discoveryPayload', () => {
  it('names the device after the host and links every entity to it by unique ids', () => {
    const p = payload();
    assert.deepEqual(p.device, {
      identifiers: ['morpheus_pve'],
      name: 'Morpheus pve',
      manufacturer: 'Morpheus',
      model: 'Proxmox VE boot modes',
      sw_version: '1.2.3',
    });
    assert.deepEqual(p.origin, { name: 'Morpheus', sw_version: '1.2.3' });
    assert.deepEqual(p.availability, [{ topic: 'morpheus/pve/availability', payload_available: 'online', payload_not_available: 'offline' }]);
    assert.equal(p.qos, 1);
    assert.deepEqual(
      Object.values(p.components).map((c) => [c.platform, c.unique_id, c.name]),
      [
        ['select', 'morpheus_pve_boot_mode', 'Boot mode'],
        ['sensor', 'morpheus_pve_current_mode', 'Current mode'],
        ['sensor', 'morpheus_pve_switch_state', 'Switch state'],
        ['sensor', 'morpheus_pve_last_switch', 'Last switch'],
        ['sensor', 'morpheus_pve_ip', 'IP address'],
        ['sensor', 'morpheus_pve_last_request', 'Last request'],
        ['button', 'morpheus_pve_cancel', 'Cancel switch'],
      ],
    );
  });

  it('offers the modes in the select, which reads its option from the state and sends choices to its command topic', () => {
    assert.deepEqual(payload().components['boot_mode'], {
      platform: 'select',
      unique_id: 'morpheus_pve_boot_mode',
      name: 'Boot mode',
      icon: 'mdi:swap-horizontal-circle',
      command_topic: 'morpheus/pve/mode/set',
      state_topic: 'morpheus/pve/state',
      value_template: "{{ value_json.mode or 'None' }}",
      options: ['linux', 'windows'],
    });
  });

  it('gives the switch state, last switch and last request sensors their part of the state as attributes', () => {
    const c = payload().components;
    assert.deepEqual(
      ['switch_state', 'last_switch', 'last_request', 'current_mode', 'ip'].map((k) => [c[k]!['value_template'], c[k]!['json_attributes_template']]),
      [
        ["{{ value_json.switch.state or 'None' }}", '{{ value_json.switch | tojson }}'],
        ["{{ value_json.last_switch.summary or 'None' }}", '{{ value_json.last_switch | tojson }}'],
        ["{{ value_json.last_request.text or 'None' }}", '{{ value_json.last_request | tojson }}'],
        ["{{ value_json.current or 'None' }}", undefined],
        ["{{ value_json.ip or 'None' }}", undefined],
      ],
    );
  });

  it('declares the Wake host button only when the host can be woken', () => {
    assert.equal(payload(false).components['wake'], undefined);
    assert.deepEqual(payload(true).components['wake'], {
      platform: 'button',
      unique_id: 'morpheus_pve_wake',
      name: 'Wake host',
      icon: 'mdi:power',
      command_topic: 'morpheus/pve/wake',
      payload_press: 'PRESS',
    });
  });
});
