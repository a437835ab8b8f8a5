import type { Config } from '../config/schema';
import { gpuName } from '../host/gpu-name';
import type { MappedDevices } from '../host/observe-host';
import { gpuDevices, holdsGpu, passthroughOverlaps } from '../modes/gpu';
import type { ModeDef } from '../modes/types';
import { formatPciAddress, passthroughsOf, type PciPassthrough } from '../proxmox/hostpci';
import type { PciDevice } from '../proxmox/schemas';
import { fail, ok, skip, warn, type CheckResult } from './check';
import type { HostFacts, VmFacts } from './facts';
import { agentEnabled } from '../proxmox/agent-property';
import { mappedDevices, snapshotOf } from './host-snapshot';
import { count, fromItems, type Item } from './per-mode';
import { holdsNothing, missingPrivileges, requiredPrivileges, roleFor } from './privileges';

// What the host holds for the modes: privileges, the VMs, their passthrough and guest agents.

/** Everything the host checks read: the config's modes, and the host as the token sees it. */
export interface HostContext {
  readonly config: Config;
  readonly modes: readonly ModeDef[];
  readonly host: HostFacts;
  readonly vms: readonly VmFacts[];
}

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
      majorRelease9(host.version.release)
        ? 'PVE 9 names the guest-agent privilege VM.GuestAgent.Audit (VM.Monitor no longer exists)'
        : 'PVE 8 and older name the guest-agent privilege VM.Monitor (VM.GuestAgent.Audit comes with PVE 9)',
    ],
  });
}

const majorRelease9 = (release: string): boolean => Number.parseInt(release, 10) >= 9;

/** True when the token may not see the VM: a missing VM is then not proof it does not exist. */
const blind = (h: HostContext, vmid: number): boolean => h.host.permissions.ok && !h.host.permissions.value[`/vms/${vmid}`]?.includes('VM.Audit');

export function modeVmsCheck(h: HostContext): CheckResult {
  const items = h.modes.map((m): Item => {
    const vm = h.vms.find((v) => v.vmid === m.vmid);
    if (vm) return { status: 'ok', text: `${m.name}: VM ${m.vmid} (${vm.name}), ${vm.status}` };
    if (blind(h, m.vmid)) return { status: 'skip', text: `${m.name}: VM ${m.vmid} is not visible: the token lacks VM.Audit on /vms/${m.vmid}` };
    return {
      status: 'fail',
      text: `${m.name}: VM ${m.vmid} does not exist on node ${h.host.node}`,
      fix: `set proxmox.modes.<mode>.vmid to the VM's id (\`qm list\` on the host lists them: ${h.vms.map((v) => `${v.vmid} ${v.name}`).join(', ') || 'none visible'}), or check proxmox.node`,
    };
  });
  const missing = items.filter((i) => i.status === 'fail').length;
  return fromItems('mode-vms', items, (worst) => (worst === 'fail' ? `${count(missing, 'mode')} without a VM` : `the VMs of all ${count(h.modes.length, 'mode')} exist`));
}

/** `hostpci0: 0000:01:00 (NVIDIA GeForce RTX 4090), x-vga=1`, or for a mapping the devices it names here. */
function entryText(p: PciPassthrough, pci: readonly PciDevice[] | undefined, mapped: MappedDevices): string {
  const named = (addresses: readonly string[]) => {
    const name = pci && gpuName(pci, addresses);
    return `${addresses.join(';')}${name ? ` (${name})` : ''}`;
  };
  const flags = [p.options['x-vga'] === '1' ? 'x-vga=1' : '', p.options['mdev'] ? `mdev=${p.options['mdev']}` : ''].filter(Boolean).map((f) => `, ${f}`).join('');
  if (p.kind === 'host') return `${p.slot}: ${named(p.devices.map(formatPciAddress))}${flags}`;
  const devices = mapped.get(p.mapping);
  return `${p.slot}: mapping ${p.mapping}${devices ? ` → ${named(devices.map(formatPciAddress))}` : ' (its devices on this node are unknown)'}${flags}`;
}

/** Whether any device behind these addresses is a display controller (PCI class 03), when the list says. */
function passesDisplay(addresses: readonly string[], pci: readonly PciDevice[]): boolean {
  return pci.some((d) => d.class.startsWith('0x03') && addresses.some((a) => passthroughOverlaps(a, d.id)));
}

export function gpuModeCheck(h: HostContext): CheckResult {
  const pci = h.host.pciDevices.ok ? h.host.pciDevices.value : undefined;
  const mapped = mappedDevices(h.host);
  const snapshot = snapshotOf(h.host, h.vms);
  const gpu = gpuDevices(h.modes, snapshot);
  const items = h.modes.map((m): Item => {
    const vm = h.vms.find((v) => v.vmid === m.vmid);
    if (!vm) return { status: 'skip', text: `${m.name}: no VM to look at` };
    const { parsed, unreadable } = passthroughsOf(vm.config);
    const entries = parsed.map((p) => entryText(p, pci, mapped));
    const passthrough = snapshot.vms.find((v) => v.vmid === vm.vmid)!.passthrough;
    const declared = `declares gpu_mode: ${m.gpuMode}`;
    if (unreadable.length > 0) {
      return { status: 'warn', text: `${m.name}: ${unreadable.join(', ')} of VM ${vm.vmid} cannot be read; Morpheus treats it as overlapping every device`, fix: `check the hostpciN entries of VM ${vm.vmid} (qm config ${vm.vmid})` };
    }
    if (m.gpuMode !== 'none' && parsed.length === 0) {
      const device = gpu[0] ?? '<PCI address of the GPU>';
      return {
        status: 'fail',
        text: `${m.name}: ${declared}, but VM ${vm.vmid} passes no PCI device through (no hostpciN)`,
        fix: `pass the GPU through (qm set ${vm.vmid} --hostpci0 ${device},pcie=1,x-vga=1) or declare gpu_mode: none for ${m.name}`,
      };
    }
    if (m.gpuMode === 'none' && holdsGpu(snapshot.vms.find((v) => v.vmid === vm.vmid)!, gpu)) {
      return {
        status: 'fail',
        text: `${m.name}: ${declared}, but VM ${vm.vmid} passes the GPU through: ${entries.join('; ')}; Morpheus treats it as a GPU mode`,
        fix: `declare gpu_mode: exclusive (or shared) for ${m.name}, or remove the passthrough (qm set ${vm.vmid} --delete ${parsed[0]!.slot})`,
      };
    }
    const unresolved = parsed.flatMap((p) => (p.kind === 'mapping' && !mapped.has(p.mapping) ? [p.mapping] : []));
    if (unresolved.length > 0) {
      return {
        status: 'warn',
        text: `${m.name}: ${declared}; ${entries.join('; ')}: mapping ${unresolved.join(', ')} names no device Morpheus can see on node ${h.host.node}`,
        fix: 'grant the token Mapping.Audit on /mapping/pci, or add this node to the mapping: until then it only matches VMs naming the same mapping',
      };
    }
    if (m.gpuMode !== 'none' && pci && !passesDisplay(passthrough, pci)) {
      return { status: 'warn', text: `${m.name}: ${declared}, but none of ${entries.join('; ')} is a display device`, fix: `check which device VM ${vm.vmid} should pass through (Datacenter → node → PCI devices)` };
    }
    if (parsed.length === 0) return { status: 'ok', text: `${m.name}: ${declared}; no passthrough` };
    return { status: 'ok', text: `${m.name}: ${declared}; ${entries.join('; ')}${m.gpuMode === 'none' ? ' (not the GPU)' : ''}` };
  });
  return fromItems('gpu-mode', items, (worst) => (worst === 'ok' ? "every mode's gpu_mode matches its VM's passthrough" : worst === 'skip' ? 'no mode VM to look at' : "a declared gpu_mode and a VM's passthrough disagree"));
}

export function sharedDevicesCheck(h: HostContext): CheckResult {
  const snapshot = snapshotOf(h.host, h.vms);
  const gpu = gpuDevices(h.modes, snapshot);
  if (gpu.length === 0) return ok('shared-devices', 'no GPU mode passes a device through');
  const pci = h.host.pciDevices.ok ? h.host.pciDevices.value : undefined;
  const name = pci && gpuName(pci, gpu);
  const device = `${gpu.filter((d) => !d.startsWith('mapping:')).join(', ') || gpu.join(', ')}${name ? ` (${name})` : ''}`;
  const managed = new Set(h.modes.map((m) => m.vmid));
  const holders = h.modes.filter((m) => snapshot.vms.some((v) => v.vmid === m.vmid && holdsGpu(v, gpu))).map((m) => m.name);
  const items = snapshot.vms
    .filter((v) => !managed.has(v.vmid) && holdsGpu(v, gpu))
    .map((v): Item =>
      v.status === 'stopped'
        ? {
            status: 'warn',
            text: `VM ${v.vmid} (${v.name}), not a mode, also passes ${device} through; it is stopped`,
            fix: `while VM ${v.vmid} runs no GPU mode can start: keep it stopped (no onboot), make it a mode so Morpheus can switch it, or remove its passthrough`,
          }
        : {
            status: 'fail',
            text: `VM ${v.vmid} (${v.name}), not a mode, passes ${device} through and is ${v.status}: no GPU mode can start`,
            fix: `shut VM ${v.vmid} down in Proxmox (Morpheus never stops a VM it does not manage), or make it a mode`,
          },
    );
  const shared = `${device} is passed through by ${holders.length > 0 ? `the modes ${holders.join(', ')}` : 'no mode'}`;
  if (items.length === 0) return ok('shared-devices', `${shared} and by no other VM`);
  return fromItems('shared-devices', items, () => `${shared}, and by ${count(items.length, 'other VM')}`);
}

export function guestAgentCheck(h: HostContext): CheckResult {
  const items = h.modes.map((m): Item => {
    const vm = h.vms.find((v) => v.vmid === m.vmid);
    if (!vm) return { status: 'skip', text: `${m.name}: no VM to look at` };
    if (m.network.wait === 'none') return { status: 'ok', text: `${m.name}: not used (network wait: none)` };
    if (m.network.wait === 'tcp') return { status: 'ok', text: `${m.name}: not used (network wait: tcp ${m.network.host}:${m.network.port})` };
    const instead = `or let ${m.name} wait for a port instead: network: { wait: tcp, host: <its IP>, port: <a port it serves> }`;
    if (!agentEnabled(vm.config['agent'])) {
      return { status: 'fail', text: `${m.name}: the guest agent is not enabled in VM ${vm.vmid}'s config`, fix: `qm set ${vm.vmid} --agent enabled=1, then power the VM off and on once (${instead})` };
    }
    if (vm.status !== 'running') return { status: 'ok', text: `${m.name}: enabled (VM ${vm.status}: whether it answers is seen once it runs)` };
    const answer = h.host.agents[vm.vmid];
    switch (answer?.kind) {
      case 'ok':
        return answer.address
          ? { status: 'ok', text: `${m.name}: enabled and answering, IP ${answer.address}` }
          : { status: 'warn', text: `${m.name}: the agent answers but reports no usable address yet`, fix: `check the network inside ${m.name}'s guest` };
      case 'agent-not-running':
        return {
          status: 'fail',
          text: `${m.name}: enabled, but the agent in VM ${vm.vmid} does not answer`,
          fix: `install and start the agent in the guest: qemu-guest-agent on Linux (systemctl enable --now qemu-guest-agent), the VirtIO guest tools on Windows (${instead})`,
        };
      case 'no-agent-configured':
        return { status: 'fail', text: `${m.name}: VM ${vm.vmid} runs without the agent it is configured with`, fix: `power VM ${vm.vmid} off and on once, so it starts with the agent device` };
      case 'vm-not-running':
        return { status: 'ok', text: `${m.name}: enabled (the VM stopped meanwhile)` };
      case 'forbidden':
        return { status: 'skip', text: `${m.name}: enabled; not asked: ${answer.message}` };
      case 'agent-error':
      case 'error':
        return { status: 'warn', text: `${m.name}: enabled; asking it failed: ${answer.message}`, fix: `look at the agent inside ${m.name}'s guest` };
      case undefined:
        return { status: 'skip', text: `${m.name}: enabled; not asked` };
    }
  });
  return fromItems('guest-agent', items, (worst) => (worst === 'ok' ? 'every mode that waits for its guest agent has one, and the running ones answer' : worst === 'skip' ? 'no mode VM to look at' : 'a mode waits for a guest agent that is off or silent'));
}

/** The host checks, or each one skipped with the reason, when the token could not look. */
export function hostChecks(config: Config, modes: readonly ModeDef[], host: HostFacts | undefined): CheckResult[] {
  if (!host) return (['privileges', 'mode-vms', 'gpu-mode', 'shared-devices', 'guest-agent'] as const).map((id) => skip(id, 'needs an authenticated token'));
  const vms = host.vms.ok ? host.vms.value : [];
  const h: HostContext = { config, modes, host, vms };
  if (!host.vms.ok) {
    const error = fail('mode-vms', `could not list the VMs of node ${host.node}: ${host.vms.error.message}`);
    return [privilegesCheck(h), error, ...(['gpu-mode', 'shared-devices', 'guest-agent'] as const).map((id) => skip(id, 'needs the VM list'))];
  }
  return [privilegesCheck(h), modeVmsCheck(h), gpuModeCheck(h), sharedDevicesCheck(h), guestAgentCheck(h)];
}
