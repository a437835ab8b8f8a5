import { z } from 'zod';
import { DurationSchema, EnvNameSchema, NonEmptySchema, text } from './schema-primitives';
import { typeError } from './zod-issues';

// A topic level path: no wildcards, no empty levels, no leading or trailing slash.
const TOPIC_PREFIX = /^[^#+\s/]+(?:\/[^#+\s/]+)*$/;
// MQTT client ids: brokers must accept 1-23 of these; most take far longer ones.
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const BrokerUrlSchema = text('an mqtt:// or mqtts:// URL with a host, e.g. mqtt://homeassistant.lan:1883', (value) => {
  if (!/^mqtts?:\/\//i.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  // Credentials go in username / password_env / password_file, never into a URL that gets logged.
  return url.hostname !== '' && url.username === '' && url.password === '' && (url.pathname === '' || url.pathname === '/');
});

const TopicPrefixSchema = text('MQTT topic levels without wildcards or empty levels, e.g. morpheus', (value) => TOPIC_PREFIX.test(value));

/**
 * `mqtt:`, read by `morpheus mqtt`: the broker Home Assistant uses, and where the bridge publishes.
 * The password comes from an environment variable or a file, never from the config itself.
 */
export const MqttSchema = z
  .strictObject(
    {
      url: BrokerUrlSchema,
      username: NonEmptySchema.optional(),
      /** Environment variable holding the broker password. */
      password_env: EnvNameSchema.optional(),
      /** File holding the broker password (one line; a trailing newline is ignored). */
      password_file: NonEmptySchema.optional(),
      /** CA certificate for an mqtts:// broker with a private CA; the system's CAs otherwise. */
      ca_file: NonEmptySchema.optional(),
      /** Default: morpheus-<node>-<random>, so a second bridge never takes over the first one's session. */
      client_id: text("1 to 64 letters, digits, '_' or '-'", (value) => CLIENT_ID.test(value)).optional(),
      discovery_prefix: TopicPrefixSchema.default('homeassistant'),
      topic_prefix: TopicPrefixSchema.default('morpheus'),
      /** How often the host is read while no switch runs (a running switch is followed every 500 ms). */
      refresh: DurationSchema.default(30_000),
    },
    { error: typeError('a mapping with a url') },
  )
  .superRefine((mqtt, ctx) => {
    const problem = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (mqtt.password_env !== undefined && mqtt.password_file !== undefined) problem('password_file', 'set password_env or password_file, not both');
    if ((mqtt.password_env !== undefined || mqtt.password_file !== undefined) && mqtt.username === undefined) {
      problem('username', 'required when a password is set; the broker checks the pair');
    }
    if (mqtt.ca_file !== undefined && !/^mqtts:/i.test(mqtt.url)) problem('ca_file', 'only used with an mqtts:// url');
  });

export type MqttConfig = z.output<typeof MqttSchema>;
