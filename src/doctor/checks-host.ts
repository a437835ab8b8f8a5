import type { Config } from '../config/schema';
import type { ModeDef } from '../modes/types';
import { guestAgentCheck } from './agent-check';
import { fail, skip, type CheckResult } from './check';
import type { HostFacts } from './facts';
import { gpuModeCheck, sharedDevicesCheck } from './gpu-checks';
import type { HostContext } from './host-context';
import { count, fromItems, type Item } from './per-mode';
import { privilegesCheck } from './privileges-check';

// What the host holds for the modes: privileges, the VMs, their passthrough and guest agents.

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
  return fromItems('mode-vms', items, (worst) =>
    worst === 'fail' ? `${count(missing, 'mode')} without a VM` : `the VMs of all ${count(h.modes.length, 'mode')} exist`,
  );
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
