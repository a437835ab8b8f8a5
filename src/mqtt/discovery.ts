import { deviceId, type HostTopics } from './topics';

// Pure: the Home Assistant device-discovery message for one host (HA 2024.11 or later): one retained
// JSON on `<discovery_prefix>/device/morpheus_<node>/config` declaring every entity. Keys are HA's
// full names (no abbreviations); docs/home-assistant.md describes the entities.

export interface DiscoveryInput {
  readonly node: string;
  /** The select's options: the config's mode names, in config order. */
  readonly modes: readonly string[];
  readonly topics: HostTopics;
  readonly version: string;
  /** Whether the bridge can wake the host: only then is the "Wake host" button declared. */
  readonly wake: boolean;
}

/** Pressing a button sends this; the bridge accepts any payload on a button topic. */
export const PRESS = 'PRESS';

type Component = Record<string, unknown> & { readonly platform: 'select' | 'sensor' | 'button'; readonly unique_id: string; readonly name: string };

export interface DevicePayload {
  readonly device: {
    readonly identifiers: readonly string[];
    readonly name: string;
    readonly manufacturer: string;
    readonly model: string;
    readonly sw_version: string;
  };
  readonly origin: { readonly name: string; readonly sw_version: string };
  readonly availability: readonly { readonly topic: string; readonly payload_available: string; readonly payload_not_available: string }[];
  readonly qos: 1;
  readonly components: Readonly<Record<string, Component>>;
}

export function discoveryPayload(i: DiscoveryInput): DevicePayload {
  const id = deviceId(i.node);
  const state = i.topics.state;
  // A reading of one part of the state document; `None` makes Home Assistant show "unknown".
  const sensor = (key: string, name: string, icon: string, value: string, attributes?: string): Component => ({
    platform: 'sensor',
    unique_id: `${id}_${key}`,
    name,
    icon,
    state_topic: state,
    value_template: `{{ ${value} or 'None' }}`,
    ...(attributes && { json_attributes_topic: state, json_attributes_template: `{{ ${attributes} | tojson }}` }),
  });
  const button = (key: string, name: string, icon: string, topic: string): Component => ({
    platform: 'button',
    unique_id: `${id}_${key}`,
    name,
    icon,
    command_topic: topic,
    payload_press: PRESS,
  });
  return {
    device: { identifiers: [id], name: `Morpheus ${i.node}`, manufacturer: 'Morpheus', model: 'Proxmox VE boot modes', sw_version: i.version },
    origin: { name: 'Morpheus', sw_version: i.version },
    availability: [{ topic: i.topics.availability, payload_available: 'online', payload_not_available: 'offline' }],
    // At least once, both ways: a choice made in HA reaches the bridge even across a reconnect.
    qos: 1,
    components: {
      boot_mode: {
        platform: 'select',
        unique_id: `${id}_boot_mode`,
        name: 'Boot mode',
        icon: 'mdi:swap-horizontal-circle',
        command_topic: i.topics.modeCommand,
        state_topic: state,
        value_template: "{{ value_json.mode or 'None' }}",
        options: [...i.modes],
      },
      current_mode: sensor('current_mode', 'Current mode', 'mdi:monitor', 'value_json.current'),
      switch_state: sensor('switch_state', 'Switch state', 'mdi:progress-clock', 'value_json.switch.state', 'value_json.switch'),
      last_switch: sensor('last_switch', 'Last switch', 'mdi:history', 'value_json.last_switch.summary', 'value_json.last_switch'),
      ip: sensor('ip', 'IP address', 'mdi:ip-network', 'value_json.ip'),
      last_request: sensor('last_request', 'Last request', 'mdi:message-reply-text', 'value_json.last_request.text', 'value_json.last_request'),
      cancel: button('cancel', 'Cancel switch', 'mdi:cancel', i.topics.cancelCommand),
      ...(i.wake && { wake: button('wake', 'Wake host', 'mdi:power', i.topics.wakeCommand) }),
    },
  };
}
