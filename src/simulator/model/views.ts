import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AgentNetworkSchema, NodeStatus, PciDevice, PciMapping, TaskStatus, Version, VmListEntry, VmStatus } from '../../proxmox/schemas';
import { parsePciAddress } from '../../modes/hostpci';
import { parseUpid } from '../../proxmox/upid';
import type { SimHost } from './host';
import { SimApiError, badParameter } from './sim-api-error';
import type { SimTask } from './tasks';
import { agentConfigured, agentEnabled, type SimVm } from './vm';

// API answers built from the model. They are typed with the client's own schemas, so the simulator
// cannot drift from what the client parses without the compiler saying so.

const RELEASES = {
  '8.1': { version: '8.1.4', repoid: 'ec5affc9e41f1d79' },
  '8.4': { version: '8.4.1', repoid: '2a5fa54a8503f96d' },
  '9.0': { version: '9.0.3', repoid: '025864202ebb6109' },
};

export function versionView(host: SimHost): Version {
  const r = RELEASES[host.scenario.release];
  return { version: r.version, release: host.scenario.release, repoid: r.repoid };
}

const uptimeS = (host: SimHost, vm: SimVm): number => (vm.startedAt === undefined ? 0 : Math.floor((host.now - vm.startedAt) / 1000));
const maxmem = (vm: SimVm): number => Number(String(vm.config['memory'] ?? '2048').replace(/^current=/, '')) * 1024 * 1024;
const cpus = (vm: SimVm): number => Number(vm.config['cores'] ?? 1) * Number(vm.config['sockets'] ?? 1);

export function vmListView(host: SimHost): VmListEntry[] {
  return [...host.vms.values()].map((vm) => ({
    vmid: vm.vmid,
    name: vm.name,
    status: vm.status,
    uptime: uptimeS(host, vm),
    cpus: cpus(vm),
    maxmem: maxmem(vm),
    mem: vm.status === 'running' ? Math.floor(maxmem(vm) * 0.4) : 0,
    ...(vm.pid !== undefined && { pid: vm.pid }),
    ...(vm.lock !== undefined && { lock: vm.lock }),
    ...(vm.template && { template: 1 as const }),
  }));
}

export function vmStatusView(host: SimHost, vmid: number): VmStatus {
  const vm = host.vm(vmid);
  return {
    vmid: vm.vmid,
    name: vm.name,
    status: vm.status,
    qmpstatus: vm.qmpstatus,
    uptime: uptimeS(host, vm),
    ...(vm.pid !== undefined && { pid: vm.pid }),
    ...(vm.lock !== undefined && { lock: vm.lock }),
    ...(agentEnabled(vm) && { agent: 1 as const }),
    ...(vm.template && { template: 1 as const }),
    ha: vm.ha ? { managed: 1, state: vm.haState } : { managed: 0 },
  };
}

export function vmConfigView(host: SimHost, vmid: number): Record<string, string | number> {
  const vm = host.vm(vmid);
  const config = { ...vm.config, ...(vm.lock !== undefined && { lock: vm.lock }) };
  return { ...config, digest: createHash('sha1').update(JSON.stringify(config)).digest('hex') };
}

export function pciView(host: SimHost): PciDevice[] {
  return host.scenario.pci_devices.map((d) => ({ ...d }));
}

/**
 * `GET /cluster/mapping/pci`: each scenario mapping as a one-node cluster mapping, its paths joined
 * with `;` and its vendor:device id read from the first path's device, as `pvesh` shows them.
 */
export function pciMappingsView(host: SimHost): PciMapping[] {
  return Object.entries(host.scenario.pci_mappings).map(([id, paths]) => {
    const first = parsePciAddress(paths[0] ?? '');
    const device = host.scenario.pci_devices.find((d) => first !== undefined && d.id === `${first.device}.${first.fn ?? '0'}`);
    const ids = device ? `,id=${device.vendor.replace(/^0x/, '')}:${device.device.replace(/^0x/, '')},iommugroup=${device.iommugroup}` : '';
    return { id, map: [`node=${host.node},path=${paths.join(';')}${ids}`] };
  });
}

export function nodeStatusView(host: SimHost): NodeStatus {
  const total = 128 * 1024 ** 3;
  const used = [...host.vms.values()].filter((v) => v.status === 'running').reduce((n, v) => n + maxmem(v), 4 * 1024 ** 3);
  const r = RELEASES[host.scenario.release];
  return {
    uptime: Math.floor((host.now - host.bootedAt) / 1000),
    cpu: 0.05,
    pveversion: `pve-manager/${r.version}/${r.repoid}`,
    kversion: 'Linux 6.14.8-2-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2',
    loadavg: ['0.12', '0.20', '0.18'],
    memory: { total, used, free: total - used },
    cpuinfo: { model: 'AMD Ryzen 9 7950X 16-Core Processor', cpus: 32 },
  };
}

type AgentNetwork = z.output<typeof AgentNetworkSchema>;

/** The guest agent, checked in Proxmox's order: configured, VM running, agent answering within 3 s. */
export function agentNetworkView(host: SimHost, vmid: number): AgentNetwork {
  const vm = host.vm(vmid);
  if (!agentConfigured(vm)) throw new SimApiError(500, 'No QEMU guest agent configured');
  if (vm.status !== 'running') throw new SimApiError(500, `VM ${vmid} is not running`);
  const up = agentEnabled(vm) && vm.behaviour.agent_installed && vm.agentReadyAt !== undefined && host.now >= vm.agentReadyAt;
  if (!up) throw new SimApiError(500, 'QEMU guest agent is not running', undefined, host.scenario.time_scale * 3_000);
  const mac =
    String(vm.config['net0'] ?? '')
      .match(/=([0-9A-Fa-f:]{17})/)?.[1]
      ?.toLowerCase() ?? 'bc:24:11:00:00:01';
  return {
    result: [
      {
        name: 'lo',
        'hardware-address': '00:00:00:00:00:00',
        'ip-addresses': [
          { 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 },
          { 'ip-address': '::1', 'ip-address-type': 'ipv6', prefix: 128 },
        ],
      },
      {
        name: 'ens18',
        'hardware-address': mac,
        'ip-addresses': [
          { 'ip-address': vm.behaviour.address, 'ip-address-type': 'ipv4', prefix: 24 },
          { 'ip-address': 'fe80::be24:11ff:fe00:1', 'ip-address-type': 'ipv6', prefix: 64 },
        ],
      },
    ],
  };
}

/** Looks a task up as `GET /nodes/{node}/tasks/{upid}/…` does: parse, then the node, then the task. */
export function findTask(host: SimHost, node: string, upid: string): SimTask {
  if (!parseUpid(upid)) throw badParameter('upid', 'unable to parse worker upid');
  const task = host.tasks.get(upid);
  if (!task || task.node !== node) throw badParameter('upid', 'no such task');
  return task;
}

export function taskStatusView(task: SimTask): TaskStatus {
  return {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    user: task.caller.user,
    ...(task.caller.tokenName !== undefined && { tokenid: task.caller.tokenName }),
    status: task.status,
    ...(task.exitstatus !== undefined && { exitstatus: task.exitstatus }),
  };
}

export function taskLogView(task: SimTask): { n: number; t: string }[] {
  const lines = task.log.length === 0 ? ['no content'] : task.log;
  return lines.map((t, i) => ({ n: i + 1, t }));
}
