import { PRIVILEGES, type Privilege, type Scenario } from '../scenario';
import type { SimToken } from './auth';

// PVE 9.0 replaced VM.Monitor with the VM.GuestAgent.* privileges (pve-access-control 9.0.2).
const GONE_IN_9: readonly Privilege[] = ['VM.Monitor'];
const NEW_IN_9: readonly Privilege[] = ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'];

/** The privileges a token holds on this release; the simulator's tokens hold the same on every path. */
export function effectivePrivileges(token: SimToken, release: Scenario['release']): Privilege[] {
  const held = token.privileges === 'all' ? PRIVILEGES : token.privileges;
  return held.filter((p) => (release === '9.0' ? !GONE_IN_9.includes(p) : !NEW_IN_9.includes(p)));
}

// Without `path`, PVE lists the paths that carry ACLs plus these defaults (get_effective_permissions).
const DEFAULT_PATHS = ['/', '/access', '/access/groups', '/mapping', '/nodes', '/pool', '/sdn', '/storage', '/vms'];

/**
 * `GET /access/permissions`: a map of path → (privilege → propagate flag), for one `path` or for the
 * default paths. A token with privilege separation and no ACL of its own gets empty maps.
 */
export function permissionsView(token: SimToken, release: Scenario['release'], path: string | undefined): Record<string, Record<string, number>> {
  const privileges = Object.fromEntries(effectivePrivileges(token, release).map((p) => [p, 1]));
  return Object.fromEntries((path === undefined ? DEFAULT_PATHS : [path]).map((p) => [p, privileges]));
}
