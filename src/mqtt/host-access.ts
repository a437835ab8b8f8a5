import type { TemporalSession } from '../cli/temporal-session';
import type { ModeDef } from '../modes/types';
import type { ProxmoxClient } from '../proxmox/client';

/** What the bridge reads and acts through for one host; the narrow deps of requests.ts and reading.ts. */
export interface HostAccess {
  readonly node: string;
  readonly modes: readonly ModeDef[];
  readonly proxmox: ProxmoxClient;
  /** The Temporal session, connected on first use and again after a failed attempt. */
  temporal(): Promise<TemporalSession>;
  /** Who the switches it starts say asked, e.g. `home-assistant:mqtt@nas`. */
  readonly requestedBy: string;
  /** Wakes the host (Wake-on-LAN) and says what was sent; undefined when the config says no way to. */
  readonly wake: (() => Promise<string>) | undefined;
}
