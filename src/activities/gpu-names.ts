import { log } from '@temporalio/activity';
import { gpuName } from '../host/gpu-name';
import { vmOf } from '../modes/snapshot';
import type { HostSnapshot, ModeDef } from '../modes/types';
import type { ProxmoxClient } from '../proxmox/client';
import type { PciDevice } from '../proxmox/schemas';
import { cancellable } from './poll';

// A host's PCI devices change only with its hardware: read the list once in a while, not per switch.
const PCI_LIST_MS = 10 * 60_000;

/**
 * The readable names of the GPUs the worker's GPU modes pass through ("NVIDIA GeForce RTX 4090"),
 * by VM id, so a switch's result can say which GPU its target got without the CLI reading the host
 * again. The host's PCI list is read at most every 10 minutes; when it cannot be read (a token
 * without Sys.Audit), the names are left out: they are information, never a reason to fail.
 */
export function gpuNames(client: ProxmoxClient, modes: readonly ModeDef[]) {
  let cached: { readonly at: number; readonly devices: readonly PciDevice[] | undefined } | undefined;
  const gpuModes = modes.filter((m) => m.gpuMode !== 'none');

  async function devices(): Promise<readonly PciDevice[] | undefined> {
    if (cached && Date.now() - cached.at < PCI_LIST_MS) return cached.devices;
    let list: readonly PciDevice[] | undefined;
    try {
      list = await client.pciDevices(cancellable());
    } catch (err) {
      log.warn('cannot read the host PCI list; switch results will not name the GPU', { error: err instanceof Error ? err.message : String(err) });
    }
    cached = { at: Date.now(), devices: list };
    return list;
  }

  return {
    /** Starts reading the PCI list, when it is due, alongside the observation. */
    prefetch: (): Promise<readonly PciDevice[] | undefined> => (gpuModes.length > 0 ? devices() : Promise.resolve(undefined)),

    of(list: readonly PciDevice[] | undefined, snapshot: HostSnapshot): Record<string, string> {
      if (!list) return {};
      return Object.fromEntries(
        gpuModes.flatMap((m) => {
          const name = gpuName(list, vmOf(snapshot, m.vmid)?.passthrough ?? []);
          return name ? [[String(m.vmid), name]] : [];
        }),
      );
    },
  };
}
