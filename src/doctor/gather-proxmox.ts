import type { Config } from '../config/schema';
import { usableAddress } from '../host/guest-address';
import { probeTcp } from '../host/tcp-probe';
import { modesFromConfig } from '../modes/from-config';
import type { ModeDef } from '../modes/types';
import type { ProxmoxClient } from '../proxmox/client';
import { ProxmoxError, ProxmoxPermissionError } from '../proxmox/errors';
import { passthroughsOf } from '../modes/hostpci';
import type { Version } from '../proxmox/schemas';
import { attempt } from './attempt';
import type { AgentAnswer, HostFacts, ProxmoxFacts, VmFacts } from './facts';
import { agentEnabled } from '../proxmox/agent-property';
import { requiredPaths, requiredPrivileges } from './privileges';
import { peerCertificate } from './tls-probe';

/**
 * Reads what the Proxmox checks judge, in order: the TCP port, the certificate (trusting nothing),
 * `GET /version` through the configured client (TLS, then the token), then, once the token works,
 * the VMs with their configs, the PCI list, the token's permissions and the running modes' agents.
 */
export async function gatherProxmox(config: Config, client: ProxmoxClient): Promise<ProxmoxFacts> {
  const { host, port } = config.proxmox;
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const probeMs = Math.min(config.proxmox.request_timeout, 5_000);
  const tcp = await probeTcp(host, port, probeMs);
  if (tcp.answer !== 'open') return { address, tcp, certificate: undefined, version: undefined, host: undefined };
  const [certificate, version] = await Promise.all([peerCertificate(host, port, probeMs), attempt(() => client.version())]);
  return { address, tcp, certificate, version, host: version.ok ? await gatherHost(config, client, version.value) : undefined };
}

async function gatherHost(config: Config, client: ProxmoxClient, version: Version): Promise<HostFacts> {
  const modes = modesFromConfig(config);
  const [vms, pciDevices] = await Promise.all([attempt(() => readVms(client, modes)), attempt(() => client.pciDevices())]);
  const seen = vms.ok ? vms.value : [];
  const mappings = [...new Set(seen.flatMap((v) => passthroughsOf(v.config).parsed.flatMap((p) => (p.kind === 'mapping' ? [p.mapping] : []))))].sort();
  const haVmids = seen.filter((v) => v.haManaged).map((v) => v.vmid);
  const paths = requiredPaths(requiredPrivileges({ node: client.node, release: version.release, modes, mappings, haVmids }));
  const [pciMappings, permissions, agents] = await Promise.all([
    mappings.length > 0 ? attempt(() => client.pciMappings()) : undefined,
    attempt(async () =>
      Object.fromEntries(await Promise.all(paths.map(async (path) => [path, Object.keys((await client.permissions(path))[path] ?? {})] as const))),
    ),
    agentAnswers(client, modes, seen),
  ]);
  return { node: client.node, version, permissions, vms, pciDevices, pciMappings, agents };
}

/** Every VM the token sees, with its config; the modes' VMs also with their HA state. */
async function readVms(client: ProxmoxClient, modes: readonly ModeDef[]): Promise<VmFacts[]> {
  const list = await client.listVms();
  const managed = new Set(modes.map((m) => m.vmid));
  return Promise.all(
    list.map(async (entry): Promise<VmFacts> => {
      const [config, status] = await Promise.all([client.vmConfig(entry.vmid), managed.has(entry.vmid) ? client.vmStatus(entry.vmid) : undefined]);
      return { vmid: entry.vmid, name: entry.name ?? `VM ${entry.vmid}`, status: entry.status, config, haManaged: status?.ha?.managed === 1 };
    }),
  );
}

/** Asks the guest agent of each running mode VM that waits for it (and has it enabled). */
async function agentAnswers(client: ProxmoxClient, modes: readonly ModeDef[], vms: readonly VmFacts[]): Promise<Record<number, AgentAnswer>> {
  const asked = modes.filter((m) => {
    const vm = vms.find((v) => v.vmid === m.vmid);
    return m.network.wait === 'agent' && vm?.status === 'running' && agentEnabled(vm.config['agent']);
  });
  const answers = await Promise.all(
    asked.map(async (m): Promise<[number, AgentAnswer]> => {
      try {
        const r = await client.agentNetworkInterfaces(m.vmid);
        return [m.vmid, r.kind === 'ok' ? { kind: 'ok', address: usableAddress(r) } : r];
      } catch (err) {
        if (err instanceof ProxmoxPermissionError) return [m.vmid, { kind: 'forbidden', message: err.detail }];
        if (err instanceof ProxmoxError) return [m.vmid, { kind: 'error', message: err.message }];
        throw err;
      }
    }),
  );
  return Object.fromEntries(answers);
}
