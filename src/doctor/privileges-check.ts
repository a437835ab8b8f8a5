import { passthroughsOf } from '../modes/hostpci';
import { fail, ok, warn, type CheckResult } from './check';
import type { HostContext } from './host-context';
import { count } from './per-mode';
import { holdsNothing, majorRelease, missingPrivileges, requiredPrivileges, roleFor } from './privileges';

export function privilegesCheck(h: HostContext): CheckResult {
  const { host } = h;
  if (!host.permissions.ok) return warn('privileges', `could not read the token's permissions: ${host.permissions.error.message}`);
  const permissions = host.permissions.value;
  const mappings = [...new Set(h.vms.flatMap((v) => passthroughsOf(v.config).parsed.flatMap((p) => (p.kind === 'mapping' ? [p.mapping] : []))))].sort();
  const haVmids = h.modes.flatMap((m) => (h.vms.find((v) => v.vmid === m.vmid)?.haManaged ? [m.vmid] : []));
  const required = requiredPrivileges({ node: host.node, release: host.version.release, modes: h.modes, mappings, haVmids });
  const missing = missingPrivileges(required, permissions);
  const release = `PVE ${host.version.release}`;
  if (missing.length === 0) return ok('privileges', `the token holds all ${required.length} privileges Morpheus's calls need (${release} names)`);
  const tokenId = h.config.proxmox.api_token_id;
  const privsep = holdsNothing(permissions)
    ? [
        `the token holds no privilege at all: most likely privilege separation. A token created with privilege separation (the default) has only the rights granted to the token itself (and held by its user too), and a new token has none, even when its user has the role`,
      ]
    : [];
  return fail('privileges', `the token lacks ${count(missing.length, 'privilege')} Morpheus needs (${release} names)`, {
    details: missing.map((r) => `✗ ${r.anyOf.join(' or ')} on ${r.path}: to ${r.why}`),
    fix: [
      ...privsep,
      `a role with every privilege Morpheus uses on ${release}: pveum role add Morpheus --privs "${roleFor(host.version.release)}" (or pveum role modify Morpheus --privs … if it exists)`,
      `grant it to the token itself: pveum acl modify / --tokens '${tokenId}' --roles Morpheus (with privilege separation, the user's ACL alone is not enough; or recreate the token with --privsep 0 to inherit its user's rights)`,
      majorRelease(host.version.release) >= 9
        ? 'PVE 9 names the guest-agent privilege VM.GuestAgent.Audit (VM.Monitor no longer exists)'
        : 'PVE 8 and older name the guest-agent privilege VM.Monitor (VM.GuestAgent.Audit comes with PVE 9)',
    ],
  });
}
