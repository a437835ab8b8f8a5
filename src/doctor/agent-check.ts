import { agentEnabled } from '../proxmox/agent-property';
import type { CheckResult } from './check';
import type { HostContext } from './host-context';
import { fromItems, type Item } from './per-mode';

export function guestAgentCheck(h: HostContext): CheckResult {
  const items = h.modes.map((m): Item => {
    const vm = h.vms.find((v) => v.vmid === m.vmid);
    if (!vm) return { status: 'skip', text: `${m.name}: no VM to look at` };
    if (m.network.wait === 'none') return { status: 'ok', text: `${m.name}: not used (network wait: none)` };
    if (m.network.wait === 'tcp') return { status: 'ok', text: `${m.name}: not used (network wait: tcp ${m.network.host}:${m.network.port})` };
    const instead = `or let ${m.name} wait for a port instead: network: { wait: tcp, host: <its IP>, port: <a port it serves> }`;
    if (!agentEnabled(vm.config['agent'])) {
      return {
        status: 'fail',
        text: `${m.name}: the guest agent is not enabled in VM ${vm.vmid}'s config`,
        fix: `qm set ${vm.vmid} --agent enabled=1, then power the VM off and on once (${instead})`,
      };
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
        return {
          status: 'fail',
          text: `${m.name}: VM ${vm.vmid} runs without the agent it is configured with`,
          fix: `power VM ${vm.vmid} off and on once, so it starts with the agent device`,
        };
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
  return fromItems('guest-agent', items, (worst) =>
    worst === 'ok'
      ? 'every mode that waits for its guest agent has one, and the running ones answer'
      : worst === 'skip'
        ? 'no mode VM to look at'
        : 'a mode waits for a guest agent that is off or silent',
  );
}
