import mqtt, { type MqttClient } from 'mqtt';
import type { DevicePayload } from '../../src/mqtt/discovery';
import type { HostState } from '../../src/mqtt/host-state';
import { hostTopics, type HostTopics } from '../../src/mqtt/topics';
import { eventually, type EventuallyOptions } from './eventually';

/** One message as a subscriber got it. */
export interface Received {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly at: number;
}

/**
 * A test client that plays Home Assistant: it subscribes to discovery and to the bridge's topics the
 * way HA does, keeps every message it gets, and presses the entities' controls.
 */
export interface FakeHomeAssistant {
  readonly topics: HostTopics;
  readonly messages: readonly Received[];
  /** The latest message on a topic, if any. */
  last(topic: string): Received | undefined;
  discovery(): DevicePayload | undefined;
  /** Every state document received, oldest first. */
  states(): HostState[];
  /** Polls until some state received after `since` (a messages index) satisfies `match`. */
  waitForState(match: (s: HostState) => boolean, what: string, since?: number, o?: EventuallyOptions): Promise<HostState>;
  /** Chooses a mode in the "Boot mode" select: what HA publishes to its command topic. */
  select(mode: string): Promise<void>;
  press(button: 'cancel' | 'wake'): Promise<void>;
  /** HA's birth message after a restart. */
  announceOnline(): Promise<void>;
  readonly client: MqttClient;
  close(): Promise<void>;
}

export async function fakeHomeAssistant(url: string, node: string, o: { username?: string; password?: string; ca?: string } = {}): Promise<FakeHomeAssistant> {
  const topics = hostTopics(node, { discoveryPrefix: 'homeassistant', topicPrefix: 'morpheus' });
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, ...o, ...(o.ca && { ca: o.ca }) });
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, at: Date.now() }));
  // HA's own subscriptions: the discovery tree, and every topic the discovered entities name.
  const subscribe = () => client.subscribeAsync(['homeassistant/device/+/config', `morpheus/${node}/#`], { qos: 1 });
  await subscribe();
  const stateOf = (m: Received) => JSON.parse(m.payload) as HostState;
  const last = (topic: string) => [...messages].reverse().find((m) => m.topic === topic);
  return {
    topics,
    messages,
    client,
    last,
    discovery() {
      const m = last(topics.discovery);
      return m && m.payload !== '' ? (JSON.parse(m.payload) as DevicePayload) : undefined;
    },
    states: () => messages.filter((m) => m.topic === topics.state).map(stateOf),
    waitForState(match, what, since = 0, eo = {}) {
      let seen: HostState | undefined;
      return eventually(
        () => {
          const states = messages
            .slice(since)
            .filter((m) => m.topic === topics.state)
            .map(stateOf);
          seen = states[states.length - 1] ?? seen;
          return states.find(match);
        },
        { ...eo, what: () => `a state with ${what}; last seen: ${JSON.stringify(seen)}` },
      );
    },
    async select(mode) {
      await client.publishAsync(topics.modeCommand, mode, { qos: 1 });
    },
    async press(button) {
      await client.publishAsync(button === 'cancel' ? topics.cancelCommand : topics.wakeCommand, 'PRESS', { qos: 1 });
    },
    async announceOnline() {
      await client.publishAsync(topics.haStatus, 'online', { qos: 1 });
    },
    close: () => client.endAsync(true),
  };
}
