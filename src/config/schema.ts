import { z } from 'zod';
import { GPU_MODES } from '../modes/types';
import { NODE_NAME } from '../proxmox/schemas';
import { parseMac } from '../host/magic-packet';
import { MqttSchema } from './mqtt-schema';
import { NotifySchema } from './notify-schema';
import { SchedulesSchema } from './schedules-schema';
import { DurationSchema, HostSchema, integer, NonEmptySchema, PortSchema, text } from './schema-primitives';
import { typeError } from './zod-issues';

export const NETWORK_WAITS = ['agent', 'tcp', 'none'] as const;

export const MODE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const API_TOKEN_ID = /^[^\s@!=]+@[^\s@!=]+![A-Za-z][A-Za-z0-9._-]*$/;
const SHA256_FINGERPRINT = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31}$/;
// host:port (or just host); a scheme or path would make it a URL, which the Temporal client does not take.
const TEMPORAL_ADDRESS = /^[^\s/]+$/;

const NetworkSchema = z
  .strictObject({
    wait: z.enum(NETWORK_WAITS).default('agent'),
    host: HostSchema.optional(),
    port: PortSchema.optional(),
    timeout: DurationSchema.optional(),
  })
  .transform((network, ctx) => {
    const { wait, host, port } = network;
    const timeout = network.timeout === undefined ? {} : { timeout: network.timeout };
    const problem = (key: string, message: string) => ctx.issues.push({ code: 'custom', path: [key], message, input: network });
    if (wait === 'tcp') {
      if (host === undefined) problem('host', 'required when wait is tcp; expected a hostname or IP address');
      if (port === undefined) problem('port', 'required when wait is tcp; expected an integer from 1 to 65535');
      if (host === undefined || port === undefined) return z.NEVER;
      return { wait, host, port, ...timeout };
    }
    if (host !== undefined) problem('host', 'only used when wait is tcp');
    if (port !== undefined) problem('port', 'only used when wait is tcp');
    if (wait === 'none' && network.timeout !== undefined) problem('timeout', 'not used when wait is none');
    return { wait, ...timeout };
  });

const ModeNameSchema = z
  .string()
  .regex(MODE_NAME, { error: "invalid mode name; expected lowercase letters, digits, '_' or '-', starting with a letter or digit, at most 63 characters" });

const ModeSchema = z.strictObject({
  vmid: integer(100, 999_999_999),
  description: z.string().default(''),
  gpu_mode: z.enum(GPU_MODES),
  conflicts_with: z.array(z.string()).default([]),
  /** Other names for the mode (`vr`, `win`); every command, schedule and the MQTT bridge accept them. */
  aliases: z.array(ModeNameSchema).optional(),
  shutdown_timeout: DurationSchema.optional(),
  network: NetworkSchema.prefault({}),
});

/** Wake-on-LAN: `morpheus host wake`, and with `wake_if_unreachable` a switch wakes a sleeping host first. */
const WolSchema = z.strictObject({
  mac: text('a MAC address like AA:BB:CC:DD:EE:FF', (value) => parseMac(value) !== undefined),
  /** The LAN's broadcast address (a directed one like 192.168.1.255 is better on multi-homed machines). */
  broadcast: text('an IPv4 broadcast address like 192.168.1.255', (value) => z.regexes.ipv4.test(value)).default('255.255.255.255'),
  port: PortSchema.default(9),
  /** A switch that finds the API silent (no answer at all) wakes the host first, as a step of its own. */
  wake_if_unreachable: z.boolean().default(false),
  /** How long to wait for the API after the packet: firmware POST plus boot, often 1-3 minutes. */
  timeout: DurationSchema.default(300_000),
});

/**
 * A secret is written in the file (usually as `${VAR}`) or read from a file named by `<key>_file`
 * (Docker secrets, systemd LoadCredential=, Kubernetes): never both, and, when `required`, one of them.
 * Checked even when other keys of the section are wrong, so every problem is listed at once.
 */
function oneSecretSource<T extends z.ZodType<Record<string, unknown>>>(schema: T, key: string, required: boolean) {
  const fileKey = `${key}_file`;
  const given = (value: Record<string, unknown>, k: string) => value[k] !== undefined;
  // A section of the wrong type has its own error; telling it which keys it lacks would be noise.
  const when = ({ value }: { value: unknown }) => typeof value === 'object' && value !== null && !Array.isArray(value);
  const checked = schema.refine((v) => !(given(v, key) && given(v, fileKey)), { error: `set either ${key} or ${fileKey}, not both`, path: [fileKey], when });
  if (!required) return checked;
  return checked.refine((v) => given(v, key) || given(v, fileKey), {
    error: `missing required key; expected a non-empty string, or ${fileKey}: a file that holds it`,
    path: [key],
    when,
  });
}

const ProxmoxSchema = oneSecretSource(
  z.strictObject({
    host: HostSchema,
    port: PortSchema.default(8006),
    node: text('a Proxmox node name (letters, digits and inner hyphens)', (value) => NODE_NAME.test(value)),
    api_token_id: text('an API token id like USER@REALM!TOKENID', (value) => API_TOKEN_ID.test(value)),
    api_token_secret: NonEmptySchema.optional(),
    api_token_secret_file: NonEmptySchema.optional(),
    verify_ssl: z.boolean().default(true),
    fingerprint: text('a SHA-256 fingerprint: 32 colon-separated hex bytes (AA:BB:...)', (value) => SHA256_FINGERPRINT.test(value))
      .transform((value) => value.toUpperCase())
      .optional(),
    ca_file: NonEmptySchema.optional(),
    request_timeout: DurationSchema.default(15_000),
    wol: WolSchema.optional(),
    modes: z
      .record(ModeNameSchema, ModeSchema, { error: typeError('a mapping of mode names to modes') })
      .refine((modes) => Object.keys(modes).length > 0, { error: 'expected at least one mode' }),
  }),
  'api_token_secret',
  true,
);

const SwitchSchema = z.strictObject({
  rollback: z.boolean().default(true),
  shutdown_timeout: DurationSchema.default(60_000),
  start_timeout: DurationSchema.default(120_000),
  network_timeout: DurationSchema.default(120_000),
});

const TemporalTlsSchema = z.union(
  [
    z.boolean(),
    z.strictObject({
      enabled: z.boolean().optional(),
      ca_file: NonEmptySchema.optional(),
      cert_file: NonEmptySchema.optional(),
      key_file: NonEmptySchema.optional(),
      server_name: NonEmptySchema.optional(),
    }),
  ],
  { error: typeError('true, false or a mapping of TLS settings') },
);

const TemporalSchema = oneSecretSource(
  z.strictObject({
    address: text('host:port without a scheme, e.g. localhost:7233', (value) => TEMPORAL_ADDRESS.test(value)).default('localhost:7233'),
    namespace: NonEmptySchema.default('default'),
    /** Default `morpheus-<node>`, set below: workers of different hosts must not share a queue. */
    task_queue: NonEmptySchema.optional(),
    api_key: NonEmptySchema.optional(),
    api_key_file: NonEmptySchema.optional(),
    tls: TemporalTlsSchema.optional(),
  }),
  'api_key',
  false,
).transform(({ tls, ...temporal }) => ({ ...temporal, tls: normalizeTls(tls, temporal.api_key !== undefined || temporal.api_key_file !== undefined) }));

function normalizeTls(tls: z.output<typeof TemporalTlsSchema> | undefined, hasApiKey: boolean) {
  if (typeof tls === 'object') {
    // Listing TLS settings means "use TLS" unless the file says otherwise.
    const { enabled = true, ...files } = tls;
    return { enabled, ...files };
  }
  // Temporal Cloud only accepts API keys over TLS.
  return { enabled: tls ?? hasApiKey };
}

/** The whole config file. Output keeps the file's keys; durations become milliseconds. */
export const ConfigSchema = z
  .strictObject(
    {
      proxmox: ProxmoxSchema,
      switch: SwitchSchema.prefault({}),
      temporal: TemporalSchema.prefault({}),
      schedules: SchedulesSchema.default({}),
      notify: NotifySchema.default([]),
      mqtt: MqttSchema.optional(),
    },
    { error: typeError('a mapping with a proxmox section') },
  )
  .transform((c) => ({ ...c, temporal: { ...c.temporal, task_queue: c.temporal.task_queue ?? defaultTaskQueue(c.proxmox.node) } }));

/** One queue per host by default, so a worker only ever receives its own host's switches. */
const defaultTaskQueue = (node: string): string => `morpheus-${node}`;

/** The file as validated: a secret may still be a file to read (`api_token_secret_file`, `api_key_file`). */
export type ConfigFile = z.output<typeof ConfigSchema>;
/** A loaded config: every secret read, whether the file wrote it, took it from `${VAR}` or named a file. */
export type Config = Omit<ConfigFile, 'proxmox' | 'temporal'> & {
  proxmox: Omit<ConfigFile['proxmox'], 'api_token_secret' | 'api_token_secret_file'> & { api_token_secret: string };
  temporal: Omit<ConfigFile['temporal'], 'api_key_file'>;
};
/** The file's shape before defaults, after `${VAR}` interpolation. */
export type ConfigInput = z.input<typeof ConfigSchema>;
export type ProxmoxConfig = Config['proxmox'];
export type ModeConfig = z.output<typeof ModeSchema>;
export type WolConfig = z.output<typeof WolSchema>;
export type NetworkWait = z.output<typeof NetworkSchema>;
export type SwitchConfig = z.output<typeof SwitchSchema>;
export type TemporalConfig = Config['temporal'];
