import { type PciAddress, parsePciAddress, passthroughsOf } from '../../modes/hostpci';
import type { Behaviour, VmScenario } from '../scenario';
import type { SimTask } from './tasks';

/** One simulated guest. Mutable: the host model changes it as tasks run. */
export interface SimVm {
  readonly vmid: number;
  readonly name: string;
  config: Record<string, string | number>;
  status: 'running' | 'stopped';
  qmpstatus: 'running' | 'stopped' | 'paused' | 'prelaunch';
  pid: number | undefined;
  startedAt: number | undefined;
  agentReadyAt: number | undefined;
  lock: string | undefined;
  readonly ha: boolean;
  haState: 'started' | 'stopped';
  readonly template: boolean;
  behaviour: Behaviour;
  /** The task holding the per-VM lock file (`/var/lock/qemu-server/lock-<vmid>.conf`). */
  flock: SimTask | undefined;
  /** A start task that has reserved the VM's PCI devices but not finished yet. */
  starting: SimTask | undefined;
}

export function vmFromScenario(s: VmScenario, now: number, nextPid: () => number): SimVm {
  const running = s.status !== 'stopped';
  return {
    vmid: s.vmid,
    name: s.name,
    config: { ...s.config },
    status: running ? 'running' : 'stopped',
    qmpstatus: s.status,
    pid: running ? nextPid() : undefined,
    // A VM that is running at simulator start has been up for an hour, with its agent answering.
    startedAt: running ? now - 3_600_000 : undefined,
    agentReadyAt: running ? now - 3_600_000 + s.behaviour.boot_duration : undefined,
    lock: s.lock,
    ha: s.ha,
    haState: running ? 'started' : 'stopped',
    template: s.template,
    behaviour: s.behaviour,
    flock: undefined,
    starting: undefined,
  };
}

/** The PCI functions a VM passes through, with `mapping=` entries resolved; `undefined` names an unknown mapping. */
export function pciDevicesOf(vm: SimVm, mappings: Readonly<Record<string, readonly string[]>>): { devices: PciAddress[]; unknownMapping?: string } {
  const devices: PciAddress[] = [];
  for (const p of passthroughsOf(vm.config).parsed) {
    if (p.kind === 'host') {
      devices.push(...p.devices);
      continue;
    }
    const mapped = mappings[p.mapping];
    if (!mapped) return { devices, unknownMapping: p.mapping };
    devices.push(...mapped.map(parsePciAddress).filter((a): a is PciAddress => a !== undefined));
  }
  return { devices };
}

export const agentConfigured = (vm: SimVm): boolean => vm.config['agent'] !== undefined;

/** `agent: 1` or `agent: enabled=1,…`. */
export function agentEnabled(vm: SimVm): boolean {
  const value = String(vm.config['agent'] ?? '0');
  const first = value.split(',')[0] ?? '';
  return first === '1' || first === 'enabled=1';
}
