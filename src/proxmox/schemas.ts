import { z } from 'zod';

/**
 * Zod schemas for the Proxmox API answers Morpheus reads. Unknown keys are tolerated (new PVE fields are
 * not breaking changes) and optional fields are optional: `lock` is absent when unlocked, `ip-addresses`
 * right after boot. The simulator builds its answers with the same types, so drift breaks tests.
 */

/** Proxmox sends booleans as 0/1 numbers. */
export const Bool01 = z.union([z.literal(0), z.literal(1)]);

const envelopes = new WeakMap<z.ZodType, z.ZodObject<{ data: z.ZodType }>>();

/**
 * Proxmox's `{ data: … }` around a schema, built once per schema: a new zod object per request costs
 * its construction and its first-parse compilation every time (a third of the worker's zod time at
 * 100 hosts).
 */
export function envelope<T extends z.ZodType>(data: T): z.ZodObject<{ data: T }> {
  let wrapped = envelopes.get(data);
  if (!wrapped) envelopes.set(data, (wrapped = z.object({ data })));
  return wrapped as z.ZodObject<{ data: T }>;
}

export const VersionSchema = z.object({
  version: z.string(),
  release: z.string(),
  repoid: z.string(),
});
export type Version = z.output<typeof VersionSchema>;

export const VmStatusValue = z.enum(['running', 'stopped', 'unknown']);
export type VmStatusValue = z.output<typeof VmStatusValue>;

/** One entry of `GET /nodes/{node}/qemu`. */
export const VmListEntrySchema = z.object({
  vmid: z.number().int(),
  name: z.string().optional(),
  status: VmStatusValue,
  uptime: z.number().optional(),
  pid: z.number().int().optional(),
  lock: z.string().optional(),
  template: Bool01.optional(),
  tags: z.string().optional(),
  cpus: z.number().optional(),
  maxmem: z.number().optional(),
  mem: z.number().optional(),
});
export type VmListEntry = z.output<typeof VmListEntrySchema>;
export const VmListSchema = z.array(VmListEntrySchema);

export const HaStatusSchema = z.object({
  managed: Bool01,
  state: z.string().optional(),
});

/** `GET /nodes/{node}/qemu/{vmid}/status/current`. */
export const VmStatusSchema = z.object({
  vmid: z.number().int(),
  name: z.string().optional(),
  status: VmStatusValue,
  qmpstatus: z.string().optional(),
  pid: z.number().int().optional(),
  uptime: z.number().optional(),
  lock: z.string().optional(),
  agent: Bool01.optional(),
  template: Bool01.optional(),
  ha: HaStatusSchema.optional(),
});
export type VmStatus = z.output<typeof VmStatusSchema>;

/** `GET /nodes/{node}/qemu/{vmid}/config`: property strings, numbers and 0/1 flags by key. */
export const VmConfigSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type VmConfig = z.output<typeof VmConfigSchema>;

/** `GET /nodes/{node}/tasks/{upid}/status`. There is no end time; `exitstatus` appears once stopped. */
export const TaskStatusSchema = z.object({
  upid: z.string(),
  node: z.string(),
  pid: z.number().int(),
  pstart: z.number().optional(),
  starttime: z.number(),
  type: z.string(),
  id: z.string(),
  user: z.string(),
  tokenid: z.string().optional(),
  status: z.enum(['running', 'stopped']),
  exitstatus: z.string().optional(),
});
export type TaskStatus = z.output<typeof TaskStatusSchema>;

export const TaskLogSchema = z.array(z.object({ n: z.number().int(), t: z.string() }));

/** A UPID answer of an asynchronous POST. */
export const UpidDataSchema = z.string().startsWith('UPID:');

/** A Proxmox node name: letters, digits and inner hyphens. */
export const NODE_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

export const PciDeviceSchema = z.object({
  id: z.string(),
  class: z.string(),
  vendor: z.string(),
  device: z.string(),
  vendor_name: z.string().optional(),
  device_name: z.string().optional(),
  subsystem_vendor: z.string().optional(),
  subsystem_device: z.string().optional(),
  subsystem_vendor_name: z.string().optional(),
  subsystem_device_name: z.string().optional(),
  iommugroup: z.number().int(),
  mdev: Bool01.optional(),
});
export type PciDevice = z.output<typeof PciDeviceSchema>;
export const PciListSchema = z.array(PciDeviceSchema);

/**
 * `GET /cluster/mapping/pci` (PVE 8.0+): the cluster's PCI resource mappings. Mappings the token may
 * not see (no Mapping.Audit, .Use or .Modify on `/mapping/pci/<id>`) are left out, not refused.
 */
export const PciMappingListSchema = z.array(
  z.object({
    id: z.string(),
    description: z.string().optional(),
    map: z.array(z.string()).default([]),
  }),
);
export type PciMapping = z.output<typeof PciMappingListSchema>[number];

export const IpAddressSchema = z.object({
  'ip-address': z.string(),
  'ip-address-type': z.enum(['ipv4', 'ipv6']),
  prefix: z.number().int(),
});

export const GuestInterfaceSchema = z.object({
  name: z.string(),
  'hardware-address': z.string().optional(),
  'ip-addresses': z.array(IpAddressSchema).optional(),
});
export type GuestInterface = z.output<typeof GuestInterfaceSchema>;

/** The agent's reply is wrapped in `result`; guest-side errors come back as 200 with `result.error`. */
export const AgentNetworkSchema = z.object({
  result: z.union([z.array(GuestInterfaceSchema), z.object({ error: z.object({ class: z.string(), desc: z.string() }) })]),
});

/** `GET /nodes/{node}/status` (the parts Morpheus shows). */
export const NodeStatusSchema = z.object({
  uptime: z.number(),
  cpu: z.number().optional(),
  pveversion: z.string().optional(),
  kversion: z.string().optional(),
  loadavg: z.array(z.string()).optional(),
  memory: z.object({ total: z.number(), used: z.number(), free: z.number() }).optional(),
  cpuinfo: z.object({ model: z.string().optional(), cpus: z.number().optional() }).optional(),
});
export type NodeStatus = z.output<typeof NodeStatusSchema>;

export const NodeListEntrySchema = z.object({
  node: z.string(),
  status: z.string(),
  ssl_fingerprint: z.string().optional(),
  uptime: z.number().optional(),
});
export const NodeListSchema = z.array(NodeListEntrySchema);

/** `GET /access/permissions`: path → (privilege → propagate flag, 0 or 1), the caller's effective rights. */
export const PermissionsSchema = z.record(z.string(), z.record(z.string(), z.number()));
export type Permissions = z.output<typeof PermissionsSchema>;

/** The error body of pve-http-server ≥ 5.2.0 (older servers send only `{"data":null}`). */
export const ErrorBodySchema = z.object({
  data: z.null().optional(),
  message: z.string().optional(),
  errors: z.record(z.string(), z.string()).optional(),
});
