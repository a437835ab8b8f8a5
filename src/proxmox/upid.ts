/** A Proxmox task id, decoded. Format: `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:`. */
export interface Upid {
  readonly raw: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  /** Unix epoch seconds. */
  readonly startTime: number;
  /** Task type: qmstart, qmstop, qmshutdown, hastart, hastop, … */
  readonly type: string;
  /** Usually the vmid; may be empty. */
  readonly id: string;
  /** `user@realm` or `user@realm!tokenid`. */
  readonly user: string;
}

// PVE::Tools / PVE::UPID's own pattern; pstart grows to 9 hex digits after ~497 days of host uptime.
const UPID_PATTERN = /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

/** Parses a UPID; returns undefined when it is not one. */
export function parseUpid(raw: string): Upid | undefined {
  const m = UPID_PATTERN.exec(raw);
  if (!m) return undefined;
  const [, node, pid, pstart, startTime, type, id, user] = m as unknown as [string, string, string, string, string, string, string, string];
  return {
    raw,
    node,
    pid: parseInt(pid, 16),
    pstart: parseInt(pstart, 16),
    startTime: parseInt(startTime, 16),
    type,
    id,
    user,
  };
}

const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

/** Builds a UPID string the way PVE prints it (`%08X` fields, trailing colon). */
export function formatUpid(u: Omit<Upid, 'raw'>): string {
  return `UPID:${u.node}:${hex8(u.pid)}:${hex8(u.pstart)}:${hex8(u.startTime)}:${u.type}:${u.id}:${u.user}:`;
}
