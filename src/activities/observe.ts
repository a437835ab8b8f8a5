import { physicalClashes } from '../modes/compatibility';
import { vmOf } from '../modes/snapshot';
import { describeIncompatibility } from '../modes/describe';
import type { HostSnapshot, ModeDef } from '../modes/types';
import { observeHost } from '../host/observe-host';
import { isNoAnswer, type WakeTarget } from '../host/wake-on-lan';
import type { NotifyEvent } from '../contract/notify';
import type { ProxmoxClient } from '../proxmox/client';
import { businessFailure, FailureType } from './failures';
import { cancellable, keepingAlive } from './poll';

/** What the worker knows that a switch needs: its config's modes (never the credentials) and its defaults. */
export interface WorkerSettings {
  readonly node: string;
  readonly modes: readonly ModeDef[];
  readonly rollback: boolean;
  /** The events some notification target wants, so a switch starts a notification only when one will go out. */
  readonly notifyEvents: readonly NotifyEvent[];
  /** Set when `proxmox.wol.wake_if_unreachable` is: a switch that finds the host silent wakes it first. */
  readonly wake?: { readonly target: WakeTarget; readonly timeoutMs: number } | undefined;
}

/** What `observe` answers instead of an observation when the host is silent and may be woken. */
export interface HostUnreachable {
  readonly unreachable: { readonly reason: string; readonly wakeTimeoutMs: number };
}

export interface Observation {
  readonly snapshot: HostSnapshot;
  readonly modes: readonly ModeDef[];
  readonly rollback: boolean;
  readonly notify: readonly NotifyEvent[];
}

export function observeActivities(client: ProxmoxClient, settings: WorkerSettings) {
  async function checkGpuFree(target: { vmid: number; mode: string }): Promise<{ checkedVms: number }> {
    const snapshot = await observeHost(client, cancellable());
    const mode = settings.modes.find((m) => m.name === target.mode);
    if (!mode || !vmOf(snapshot, target.vmid)) throw businessFailure(FailureType.gpuBusy, `mode ${target.mode} (VM ${target.vmid}) is no longer on this host`);
    const clashes = physicalClashes(mode, settings.modes, snapshot).map(({ vm, why }) => `VM ${vm.vmid} (${vm.name}) is ${vm.status}: ${describeIncompatibility(why)}`);
    if (clashes.length > 0) {
      throw businessFailure(FailureType.gpuBusy, `the GPU is not free: ${clashes.join('; ')}; not starting ${target.mode} (VM ${target.vmid})`, {
        hint: "something started a GPU VM behind Morpheus's back (Proxmox UI, onboot, HA, a schedule); stop it and switch again",
      });
    }
    return { checkedVms: snapshot.vms.length };
  }

  return {
    /**
     * Step 1 of every switch: the modes from the worker's config and the host's live state. A host
     * that does not answer at all is reported, not thrown, when the worker may wake it.
     */
    observe(): Promise<Observation | HostUnreachable> {
      return keepingAlive(async () => {
        let snapshot: HostSnapshot;
        try {
          snapshot = await observeHost(client, cancellable());
        } catch (err) {
          if (settings.wake && isNoAnswer(err)) return { unreachable: { reason: (err as Error).message, wakeTimeoutMs: settings.wake.timeoutMs } };
          throw err;
        }
        return { snapshot, modes: settings.modes, rollback: settings.rollback, notify: settings.notifyEvents };
      });
    },

    /**
     * Right before a GPU mode starts: on live state, not on memory of earlier steps, no VM that
     * physically clashes with it may run (a VM in an unknown state counts as running).
     */
    verifyGpuFree(target: { vmid: number; mode: string }): Promise<{ checkedVms: number }> {
      return keepingAlive(() => checkGpuFree(target));
    },
  };
}
