import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { ExitCode, MorpheusError } from '../errors';

/** Thrown (through `fatal`) when the broker refuses the bridge for good: credentials, client id, TLS. */
export class MqttBrokerError extends MorpheusError {
  override readonly name = 'MqttBrokerError';
  readonly code = 'MORPHEUS_MQTT_BROKER';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    hint: string,
  ) {
    super(message, { hint });
  }
}

export interface BrokerSettings {
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly ca: Buffer | undefined;
  readonly clientId: string;
  /** Published by the broker, retained, when the bridge drops off without saying goodbye. */
  readonly will: { readonly topic: string; readonly payload: string };
}

export interface BrokerEvents {
  /** Every successful (re)connection: subscribe and announce again (a restarted broker forgot everything). */
  connected(): void;
  message(topic: string, payload: string): void;
  /** The connection dropped or an attempt failed; MQTT.js tries again every second. */
  lost(reason: string): void;
  /** The broker refused the bridge in a way retrying cannot fix; the connection is closed. */
  fatal(err: MqttBrokerError): void;
  /** A publish or subscribe failed (the connection dropped under it); the next `connected` sends everything again. */
  warn(message: string): void;
}

export interface Broker {
  readonly connected: boolean;
  /**
   * QoS 1, handed to MQTT.js without waiting for the broker's acknowledgement, so a connection that
   * drops mid-publish never holds up the bridge. Skipped while disconnected: the next `connected`
   * publishes the state of that moment instead of a backlog.
   */
  publish(topic: string, payload: string, retain: boolean): void;
  subscribe(topics: readonly string[]): void;
  /** Publishes `goodbye` (retained) first when connected, then disconnects cleanly. */
  close(goodbye?: { topic: string; payload: string }): Promise<void>;
}

// TLS verification failures: retrying cannot fix a certificate.
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** Connects to the broker with MQTT.js, reconnecting on its own until closed or refused for good. */
export function openBroker(s: BrokerSettings, events: BrokerEvents): Broker {
  const options: IClientOptions = {
    clientId: s.clientId,
    clean: true,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
    // Subscriptions are made again in `connected`, after every connect.
    resubscribe: false,
    will: { topic: s.will.topic, payload: Buffer.from(s.will.payload), qos: 1, retain: true },
    ...(s.username !== undefined && { username: s.username }),
    ...(s.password !== undefined && { password: s.password }),
    ...(s.ca !== undefined && { ca: s.ca }),
  };
  const client: MqttClient = mqtt.connect(s.url, options);
  let lastLoss = '';
  client.on('connect', () => {
    lastLoss = '';
    events.connected();
  });
  client.on('message', (topic, payload) => events.message(topic, payload.toString('utf8')));
  client.on('close', () => {
    if (lastLoss === '') lastLoss = 'connection closed';
    events.lost(lastLoss);
  });
  client.on('error', (err: Error & { code?: string | number }) => {
    const fatal = fatalError(err, s.url);
    if (fatal) {
      client.end(true);
      events.fatal(fatal);
      return;
    }
    lastLoss = err.message;
  });
  return {
    get connected() {
      return client.connected;
    },
    publish(topic, payload, retain) {
      if (!client.connected) return;
      client.publish(topic, payload, { qos: 1, retain }, (err) => err && events.warn(`publishing to ${topic} failed: ${err.message}`));
    },
    subscribe(topics) {
      client.subscribe([...topics], { qos: 1 }, (err) => err && events.warn(`subscribing failed: ${err.message}`));
    },
    async close(goodbye) {
      if (goodbye && client.connected) await client.publishAsync(goodbye.topic, goodbye.payload, { qos: 1, retain: true }).catch(() => undefined);
      await client.endAsync();
    },
  };
}

function fatalError(err: Error & { code?: string | number }, url: string): MqttBrokerError | undefined {
  if (typeof err.code === 'number') {
    if (err.code === 4 || err.code === 5 || err.code === 134 || err.code === 135) {
      return new MqttBrokerError(
        `the MQTT broker at ${url} refused the bridge: ${err.message.replace(/^Connection refused: /, '')}`,
        ExitCode.auth,
        "check mqtt.username and the password (mqtt.password_env or mqtt.password_file), and the broker's ACL",
      );
    }
    return new MqttBrokerError(`the MQTT broker at ${url} refused the connection: ${err.message}`, ExitCode.unreachable, 'check mqtt.url and mqtt.client_id');
  }
  if (typeof err.code === 'string' && TLS_CODES.test(err.code)) {
    return new MqttBrokerError(
      `cannot verify the MQTT broker's certificate at ${url}: ${err.message}`,
      ExitCode.unreachable,
      "point mqtt.ca_file at the CA that signed the broker's certificate, and use the host name the certificate names",
    );
  }
  return undefined;
}
