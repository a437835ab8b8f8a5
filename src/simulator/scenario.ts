import { z } from 'zod';
import { NODE_NAME, PciDeviceSchema } from '../proxmox/schemas';

/**
 * Simulated seconds: a number of seconds, or a string like "500ms", "8s", "2m"; parsed to milliseconds.
 * Defaults use `.prefault` so they go through the transform too (zod 4's `.default` would skip it).
 */
const SimDuration = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?(ms|s|m)$/, 'expected a duration like "500ms", "8s" or "2m"')])
  .transform((v) => {
    if (typeof v === 'number') return v * 1000;
    const n = parseFloat(v);
    return v.endsWith('ms') ? n : v.endsWith('m') ? n * 60_000 : n * 1000;
  });

/** How a simulated guest behaves; every duration is simulated time (see `time_scale`). */
export const BehaviourSchema = z.strictObject({
  /** How long the qmstart task takes (QEMU coming up). */
  start_duration: SimDuration.prefault(2),
  /** From QEMU running until the guest agent answers. */
  boot_duration: SimDuration.prefault(15),
  /** How long the guest takes to power off after an ACPI request. */
  shutdown_duration: SimDuration.prefault(8),
  /** How long a hard stop (`qmstop`) takes: QEMU quitting, or being killed. */
  stop_duration: SimDuration.prefault(1),
  /** The guest never acts on ACPI (a Windows guest with the power button unset). */
  ignores_acpi: z.boolean().default(false),
  /** Whether qemu-ga is installed in the guest (the config's `agent` key says whether it is enabled). */
  agent_installed: z.boolean().default(true),
  /** The address the agent reports once up. */
  address: z.string().default('192.168.1.150'),
  /** When set, every start task fails with this text. */
  start_fails: z.string().nullable().default(null),
  /** HA-managed VMs: delay between the HA request task and the real task. */
  ha_delay: SimDuration.prefault(2),
});
export type Behaviour = z.output<typeof BehaviourSchema>;

export const VmScenarioSchema = z.strictObject({
  vmid: z.number().int().min(100).max(999_999_999),
  name: z.string(),
  /** `paused`: running, but suspended (qmpstatus `paused`), as after Pause in the Proxmox UI. */
  status: z.enum(['running', 'paused', 'stopped']).default('stopped'),
  config: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  lock: z.string().optional(),
  ha: z.boolean().default(false),
  template: z.boolean().default(false),
  behaviour: BehaviourSchema.default(BehaviourSchema.parse({})),
});
export type VmScenario = z.output<typeof VmScenarioSchema>;

export const PRIVILEGES = [
  'VM.Audit',
  'VM.PowerMgmt',
  'VM.Monitor',
  'VM.GuestAgent.Audit',
  'VM.GuestAgent.Unrestricted',
  'Sys.Audit',
  'Sys.Modify',
  'Mapping.Audit',
  'Mapping.Use',
  'Mapping.Modify',
] as const;
export type Privilege = (typeof PRIVILEGES)[number];

export const TokenSchema = z.strictObject({
  id: z.string().regex(/^[^\s@!=]+@[^\s@!=]+![A-Za-z][A-Za-z0-9._-]*$/, 'expected USER@REALM!TOKENID'),
  /** Generated at start when absent. */
  secret: z.string().min(1).optional(),
  privileges: z.union([z.literal('all'), z.array(z.enum(PRIVILEGES))]).default('all'),
});

export const FaultsSchema = z.strictObject({
  /** Added to every /api2 answer, in real milliseconds. */
  latency_ms: z.number().nonnegative().default(0),
  /** Fraction of /api2 requests answered with a transient 5xx (500 no worker, 595, 596) before any effect. */
  error_rate: z.number().min(0).max(1).default(0),
  /** Fraction of /api2 requests whose connection is dropped: half before, half after the request took effect. */
  drop_rate: z.number().min(0).max(1).default(0),
  /** Fraction of 2xx answers replaced by a malformed body: truncated JSON, a missing field, or an HTML page. */
  malformed_rate: z.number().min(0).max(1).default(0),
  /** Which malformed answers `malformed_rate` picks from (all by default): a fixed choice imitates a persistent incompatibility. */
  malformed_kinds: z
    .array(z.enum(['truncated', 'missing-field', 'html']))
    .min(1)
    .optional(),
  /**
   * Hold /api2 requests (those matching `paths`) unanswered, before they take effect, until the faults
   * are replaced; then their connections are dropped. Lets a test keep a request in flight as long as it needs.
   */
  hold: z.boolean().default(false),
  /** Restrict faults to request paths matching this regular expression. */
  paths: z
    .string()
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, 'expected a valid regular expression')
    .optional(),
});
export type Faults = z.output<typeof FaultsSchema>;

/** A host PCI device as the simulator serves it: Proxmox's own shape, with a full address. */
export const PciDeviceScenarioSchema = PciDeviceSchema.pick({ class: true, vendor: true, device: true, vendor_name: true, device_name: true, iommugroup: true })
  .extend({ id: z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/) })
  .strict();

export const ScenarioSchema = z.strictObject({
  node: z.string().regex(NODE_NAME).default('pve'),
  /** The PVE release to imitate: 9.x sends the error `message` body field; 8.0–8.2 only the reason phrase. */
  release: z.enum(['8.1', '8.4', '9.0']).default('9.0'),
  /** Real seconds per simulated second: 0.01 makes a 15 s boot take 150 ms. */
  time_scale: z.number().positive().max(100).default(1),
  /** Seed of the fault-injection dice, for reproducible runs. */
  seed: z.number().int().default(1),
  /** Proxmox delays every 401 by about 3 s. */
  auth_failure_delay: SimDuration.prefault(3),
  /** Refuse a start whose PCI device another running VM holds, as PVE ≥ 7.1 does. Off imitates older hosts. */
  enforce_pci_reservations: z.boolean().default(true),
  tokens: z
    .array(TokenSchema)
    .min(1)
    .default([{ id: 'morpheus@pam!morpheus-token', privileges: 'all' }]),
  pci_devices: z.array(PciDeviceScenarioSchema).default([]),
  pci_mappings: z.record(z.string(), z.array(z.string())).default({}),
  vms: z.array(VmScenarioSchema).default([]),
  faults: FaultsSchema.default(FaultsSchema.parse({})),
});
export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
