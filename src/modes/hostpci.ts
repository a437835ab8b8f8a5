/** What a `hostpciN` config entry passes through to the guest. */
export type PciPassthrough =
  | { readonly kind: 'host'; readonly slot: string; readonly devices: readonly PciAddress[]; readonly options: Readonly<Record<string, string>> }
  | { readonly kind: 'mapping'; readonly slot: string; readonly mapping: string; readonly options: Readonly<Record<string, string>> };

/**
 * One host PCI address, normalised to `dddd:bb:dd` plus an optional function. Without a function the
 * whole device (every function) is passed through, which is how Proxmox reads `0000:01:00`.
 */
export interface PciAddress {
  readonly device: string;
  readonly fn: string | undefined;
}

const ADDRESS = /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})(?:\.([0-7]))?$/;

/** Parses `[domain:]bus:dev[.fn]`; a missing domain means `0000`. */
export function parsePciAddress(text: string): PciAddress | undefined {
  const m = ADDRESS.exec(text.trim());
  if (!m) return undefined;
  const domain = (m[1] ?? '0000').toLowerCase();
  return { device: `${domain}:${m[2]!.toLowerCase()}:${m[3]!.toLowerCase()}`, fn: m[4] };
}

export function formatPciAddress(a: PciAddress): string {
  return a.fn === undefined ? a.device : `${a.device}.${a.fn}`;
}

/**
 * Parses one `hostpciN` value: `[[host=]<id[;id2…]> | mapping=<id>][,pcie=0|1][,x-vga=0|1]…`.
 * Returns undefined for values Morpheus cannot read (it then treats the VM as holding an unknown device).
 */
export function parseHostpci(slot: string, value: string): PciPassthrough | undefined {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const options: Record<string, string> = {};
  let host: string | undefined;
  let mapping: string | undefined;
  for (const [i, part] of parts.entries()) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      // Only the first item may be the bare host id.
      if (i !== 0) return undefined;
      host = part;
      continue;
    }
    const key = part.slice(0, eq);
    const val = part.slice(eq + 1);
    if (key === 'host') host = val;
    else if (key === 'mapping') mapping = val;
    else options[key] = val;
  }
  if (mapping !== undefined) {
    return host === undefined && mapping !== '' ? { kind: 'mapping', slot, mapping, options } : undefined;
  }
  if (host === undefined) return undefined;
  const devices = host.split(';').map(parsePciAddress);
  if (devices.length === 0 || devices.some((d) => d === undefined)) return undefined;
  return { kind: 'host', slot, devices: devices as PciAddress[], options };
}

const HOSTPCI_KEY = /^hostpci([0-9]|1[0-5])$/;

/** Every passthrough in a VM config, in slot order; unreadable entries are returned as `unreadable`. */
export function passthroughsOf(config: Readonly<Record<string, unknown>>): { parsed: PciPassthrough[]; unreadable: string[] } {
  const parsed: PciPassthrough[] = [];
  const unreadable: string[] = [];
  const slots = Object.keys(config)
    .filter((k) => HOSTPCI_KEY.test(k))
    .sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
  for (const slot of slots) {
    const value = config[slot];
    const p = typeof value === 'string' ? parseHostpci(slot, value) : undefined;
    if (p) parsed.push(p);
    else unreadable.push(slot);
  }
  return { parsed, unreadable };
}

/** True when two addresses name overlapping functions (a whole device overlaps each of its functions). */
export function pciOverlaps(a: PciAddress, b: PciAddress): boolean {
  return a.device === b.device && (a.fn === undefined || b.fn === undefined || a.fn === b.fn);
}

/**
 * The devices a cluster PCI mapping names on one node, from its `map` entries
 * (`node=pve1,path=0000:01:00.0;0000:02:00.0,id=10de:2684,…`). Every path counts: Proxmox picks the
 * first free one at start, so any of them may end up in use. Undefined when no readable entry is for
 * this node.
 */
export function mappingDevicesOn(node: string, map: readonly string[]): PciAddress[] | undefined {
  const devices: PciAddress[] = [];
  for (const entry of map) {
    const fields = propertyString(entry);
    if (fields.get('node') !== node) continue;
    const paths = (fields.get('path') ?? '').split(';').map(parsePciAddress);
    if (paths.every((p) => p !== undefined)) devices.push(...paths);
  }
  return devices.length > 0 ? devices : undefined;
}

/** `key=value,key=value` as Proxmox writes property strings; items without `=` are skipped. */
function propertyString(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    if (eq > 0) fields.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  return fields;
}
