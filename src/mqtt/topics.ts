/** Every topic the bridge uses for one host. Commands are never retained; everything else is. */
export interface HostTopics {
  /** Home Assistant device discovery: `<discovery_prefix>/device/morpheus_<node>/config`. */
  readonly discovery: string;
  /** `online` (retained) while the bridge is connected; the broker publishes the will `offline` when it is not. */
  readonly availability: string;
  /** The host's state as one retained JSON document (HostState); every entity reads its part of it. */
  readonly state: string;
  readonly modeCommand: string;
  readonly cancelCommand: string;
  readonly wakeCommand: string;
  /** Where Home Assistant announces `online` after it (re)starts: discovery is sent again then. */
  readonly haStatus: string;
}

export interface TopicOptions {
  readonly discoveryPrefix: string;
  readonly topicPrefix: string;
}

/** The device's id in Home Assistant, also its discovery object id; node names are `[A-Za-z0-9-]`. */
export const deviceId = (node: string): string => `morpheus_${node}`;

export function hostTopics(node: string, o: TopicOptions): HostTopics {
  const base = `${o.topicPrefix}/${node}`;
  return {
    discovery: `${o.discoveryPrefix}/device/${deviceId(node)}/config`,
    availability: `${base}/availability`,
    state: `${base}/state`,
    modeCommand: `${base}/mode/set`,
    cancelCommand: `${base}/cancel`,
    wakeCommand: `${base}/wake`,
    haStatus: `${o.discoveryPrefix}/status`,
  };
}
