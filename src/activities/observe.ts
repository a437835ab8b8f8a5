import type { ModeDef } from '../modes/types';
import type { HostSnapshot } from '../modes/types';
import { gpuDevices, sharesDevice, vmOf } from '../modes/gpu';
import { observeHost } from '../host/observe-host';
import type { ProxmoxClient } from '../proxmox/client';
import { businessFailure, FailureType } from './failures';
import { cancellable } from './poll';

/** What the worker knows that a switch needs: its config's modes (never the credentials) and its defaults. */
export interface WorkerSettings {
  readonly node: string;
  readonly modes: readonly ModeDef[];
  readonly rollback: boolean;
}

export interface Observation {
  readonly snapshot: HostSnapshot;
  readonly modes: readonly ModeDef[];
  readonly rollback: boolean;
}

export function observeActivities(client: ProxmoxClient, settings: WorkerSettings) {
  return {
    /** Step 1 of every switch: the modes from the worker's config and the host's live state. */
    async observe(): Promise<Observation> {
      return { snapshot: await observeHost(client, cancellable()), modes: settings.modes, rollback: settings.rollback };
    },

    /**
     * Right before a GPU mode starts: on live state, not on memory of earlier steps, no other VM that
     * holds the GPU (or any device the target passes through) may run.
     */
    async verifyGpuFree(target: { vmid: number; mode: string }): Promise<{ checkedVms: number }> {
      const snapshot = await observeHost(client, cancellable());
      const own = vmOf(snapshot, target.vmid)?.passthrough ?? [];
      const guarded = [...own, ...gpuDevices(settings.modes, snapshot)];
      const holders = snapshot.vms.filter((v) => v.vmid !== target.vmid && v.status === 'running' && sharesDevice(v.passthrough, guarded) !== undefined);
      if (holders.length > 0) {
        const list = holders.map((h) => `VM ${h.vmid} (${h.name}) holds ${sharesDevice(h.passthrough, guarded)}`).join(', ');
        throw businessFailure(FailureType.gpuBusy, `the GPU is not free: ${list}; not starting ${target.mode} (VM ${target.vmid})`, {
          holders: holders.map((h) => h.vmid),
          hint: 'something started a GPU VM behind Morpheus\'s back (Proxmox UI, onboot, HA, a schedule); stop it and switch again',
        });
      }
      return { checkedVms: snapshot.vms.length };
    },
  };
}
