import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { MqttConfig } from '../config/mqtt-schema';
import type { Env } from '../config/env';
import { UsageError } from '../errors';
import type { BrokerSettings } from './broker';

/**
 * The broker connection a config's `mqtt:` section describes, with the password read from its
 * environment variable or file. The password goes to the broker only: never into a message.
 */
export function brokerSettings(mqtt: MqttConfig, node: string, env: Env): Omit<BrokerSettings, 'will'> {
  return {
    url: mqtt.url,
    username: mqtt.username,
    password: passwordOf(mqtt, env),
    ca: mqtt.ca_file === undefined ? undefined : readFileSync(mqtt.ca_file),
    clientId: mqtt.client_id ?? `morpheus-${node}-${randomBytes(3).toString('hex')}`,
  };
}

function passwordOf(mqtt: MqttConfig, env: Env): string | undefined {
  if (mqtt.password_env !== undefined) {
    const value = env[mqtt.password_env];
    if (value === undefined || value === '') {
      throw new UsageError(`mqtt.password_env: environment variable ${mqtt.password_env} is not set`, {
        hint: `export ${mqtt.password_env} with the broker password, or use mqtt.password_file`,
      });
    }
    return value;
  }
  // The loader checked the file is readable; a trailing newline (echo pw > file) is not part of it.
  return mqtt.password_file === undefined ? undefined : readFileSync(mqtt.password_file, 'utf8').replace(/\r?\n$/, '');
}
