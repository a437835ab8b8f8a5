import type { ModeDef } from '../modes/types';

/** One privilege Morpheus needs: any of `anyOf` on `path`, and what for. */
export interface Requirement {
  readonly path: string;
  readonly anyOf: readonly string[];
  readonly why: string;
}

/** The PVE major version from `GET /version`'s `release` ("9.0" → 9). */
export const majorRelease = (release: string): number => Number.parseInt(release, 10);

/** Reading the guest agent: VM.Monitor up to PVE 8; PVE 9 removed it for the VM.GuestAgent.* privileges. */
export const agentPrivileges = (release: string): readonly string[] =>
  majorRelease(release) >= 9 ? ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'] : ['VM.Monitor'];

/** The privileges of a role that covers every call Morpheus makes, with the names of this PVE release. */
export function roleFor(release: string): string {
  const major = majorRelease(release);
  const agent = major >= 9 ? 'VM.GuestAgent.Audit' : 'VM.Monitor';
  // Resource mappings (and Mapping.Audit) exist since PVE 8.0.
  return ['VM.Audit', 'VM.PowerMgmt', agent, 'Sys.Audit', ...(major >= 8 ? ['Mapping.Audit'] : [])].join(',');
}

export interface RequirementInput {
  readonly node: string;
  readonly release: string;
  readonly modes: readonly ModeDef[];
  /** Resource mappings that VM configs name (hostpciN: mapping=<id>). */
  readonly mappings: readonly string[];
  /** Mode VMs that HA manages: the tasks HA runs for them belong to root@pam. */
  readonly haVmids: readonly number[];
}

/**
 * Every privilege the calls Morpheus makes need (docs/proxmox-setup.md), per ACL path: the worker's
 * power actions and agent reads included, so one token serves CLI and worker alike.
 */
export function requiredPrivileges(o: RequirementInput): Requirement[] {
  const agent = agentPrivileges(o.release);
  return [
    { path: '/vms', anyOf: ['VM.Audit'], why: 'list every VM, to find GPU holders Morpheus does not manage (the list silently leaves out VMs without it)' },
    ...o.modes.flatMap((m): Requirement[] => [
      { path: `/vms/${m.vmid}`, anyOf: ['VM.Audit'], why: `read the status and config of ${m.name}` },
      { path: `/vms/${m.vmid}`, anyOf: ['VM.PowerMgmt'], why: `start and shut down ${m.name} (the worker)` },
      ...(m.network.wait === 'agent' ? [{ path: `/vms/${m.vmid}`, anyOf: agent, why: `ask the guest agent of ${m.name} for its IP` }] : []),
    ]),
    { path: '/', anyOf: ['Sys.Audit', 'Sys.Modify'], why: "read the host's PCI device list (GPU names)" },
    ...o.mappings.map((id) => ({
      path: `/mapping/pci/${id}`,
      anyOf: ['Mapping.Audit', 'Mapping.Use', 'Mapping.Modify'],
      why: `resolve resource mapping ${id} to its PCI devices`,
    })),
    ...(o.haVmids.length > 0
      ? [{ path: `/nodes/${o.node}`, anyOf: ['Sys.Audit'], why: `follow the tasks HA runs (as root@pam) for VM ${o.haVmids.join(', ')}` }]
      : []),
  ];
}

/** The ACL paths to ask `GET /access/permissions` about, once each. */
export const requiredPaths = (requirements: readonly Requirement[]): string[] => [...new Set(requirements.map((r) => r.path))];

/** The requirements the token's effective permissions do not meet. */
export function missingPrivileges(requirements: readonly Requirement[], permissions: Readonly<Record<string, readonly string[]>>): Requirement[] {
  return requirements.filter((r) => !r.anyOf.some((p) => permissions[r.path]?.includes(p)));
}

/**
 * True when the token holds nothing at all on the paths asked: the mark of a token with privilege
 * separation and no ACL of its own, whatever its user may do.
 */
export const holdsNothing = (permissions: Readonly<Record<string, readonly string[]>>): boolean =>
  Object.values(permissions).every((privs) => privs.length === 0);
