import { guessGpuMode, type GpuGuess, type VmCandidate } from '../../config-init/propose';
import { UsageError } from '../../errors';
import { mappedDevicesOn } from '../../host/observe-host';
import type { ProxmoxClient } from '../../proxmox/client';
import { ProxmoxPermissionError } from '../../proxmox/errors';
import { passthroughsOf } from '../../modes/hostpci';
import type { ConfigInitDeps, ConfigInitOptions } from './init';

/** --node, the only node there is, or the one the user picks. */
export async function chooseNode(deps: ConfigInitDeps, o: ConfigInitOptions, client: ProxmoxClient): Promise<string> {
  try {
    const nodes = (await client.nodes()).map((n) => n.node);
    if (o.node) {
      if (!nodes.includes(o.node)) throw new UsageError(`no node "${o.node}" at this host`, { hint: `its nodes: ${nodes.join(', ')}` });
      return o.node;
    }
    if (nodes.length === 1) return nodes[0]!;
    if (!deps.ask) throw new UsageError(`the cluster has several nodes: ${nodes.join(', ')}`, { hint: 'give --node <name> (the node whose VMs become modes)' });
    const answer = await deps.ask(`Which node's VMs become modes? (${nodes.join(', ')}) [${nodes[0]}]`, nodes[0]!);
    if (!nodes.includes(answer)) throw new UsageError(`no node "${answer}"`, { hint: `its nodes: ${nodes.join(', ')}` });
    return answer;
  } finally {
    await client.close();
  }
}

/** The node's VMs (templates aside) and a gpu_mode guess for each, from their configs and the PCI list. */
export async function readHost(client: ProxmoxClient, node: string): Promise<{ vms: VmCandidate[]; guesses: Map<number, GpuGuess> }> {
  const list = (await client.listVms()).filter((v) => v.template !== 1).sort((a, b) => a.vmid - b.vmid);
  if (list.length === 0)
    throw new UsageError(`node ${node} has no VM this token can see`, {
      hint: 'the token needs VM.Audit on /vms (a privilege-separated token needs its own ACL): docs/proxmox-setup.md',
    });
  const vms = await Promise.all(
    list.map(async (v): Promise<VmCandidate> => ({ vmid: v.vmid, name: v.name ?? `vm${v.vmid}`, status: v.status, config: await client.vmConfig(v.vmid) })),
  );
  const optional = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (err) {
      // Without Sys.Audit (or Mapping.Audit) the guesses are flagged as unclear instead.
      if (err instanceof ProxmoxPermissionError) return undefined;
      throw err;
    }
  };
  const usesMapping = vms.some((v) => passthroughsOf(v.config).parsed.some((p) => p.kind === 'mapping'));
  const [pci, mappings] = await Promise.all([optional(() => client.pciDevices()), usesMapping ? optional(() => client.pciMappings()) : undefined]);
  const mapped = mappedDevicesOn(node, mappings ?? []);
  return { vms, guesses: new Map(vms.map((v) => [v.vmid, guessGpuMode(v.config, pci, mapped)])) };
}
