import { physicalClashes } from '../modes/compatibility';
import { vmOf } from '../modes/snapshot';
import { describeIncompatibility } from '../modes/describe';
import type { HostSnapshot, ModeDef } from '../modes/types';
import { observeHost } from '../host/observe-host';
import { isNoAnswer, type WakeTarget } from '../host/wake-on-lan';
import type { NotifyEvent } from '../contract/notify';
import type { ObservedHost } from '../contract/switch';
import type { ProxmoxClient } from '../proxmox/client';
import { businessFailure, FailureType } from './failures';
import { gpuNames } from './gpu-names';
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

/** The mode about to start; with `earlier`, the switch's observation, whose passthrough still holds for VMs not started since. */
export interface GpuCheck {
  readonly vmid: number;
  readonly mode: string;
  readonly earlier?: HostSnapshot;
}

export interface Observation {
  readonly snapshot: HostSnapshot;
  readonly modes: readonly ModeDef[];
  readonly rollback: boolean;
  readonly notify: readonly NotifyEvent[];
  /** The GPU each GPU mode's VM passes through, by VM id (absent from observations of older workers). */
  readonly gpus?: Readonly<Record<string, string>>;
}

// How old an observation the requester made may be for the switch to build on it.
const EARLIER_OBSERVATION_MS = 60_000;

export function observeActivities(client: ProxmoxClient, settings: WorkerSettings) {
  const gpus = gpuNames(client, settings.modes);

  async function checkGpuFree(target: GpuCheck): Promise<{ checkedVms: number }> {
    const snapshot = await observeHost(client, cancellable(), target.earlier);
    const mode = settings.modes.find((m) => m.name === target.mode);
    if (!mode || !vmOf(snapshot, target.vmid)) throw businessFailure(FailureType.gpuBusy, `mode ${target.mode} (VM ${target.vmid}) is no longer on this host`);
    const clashes = physicalClashes(mode, settings.modes, snapshot).map(
      ({ vm, why }) => `VM ${vm.vmid} (${vm.name}) is ${vm.status}: ${describeIncompatibility(why)}`,
    );
    if (clashes.length > 0) {
      throw businessFailure(FailureType.gpuBusy, `the GPU is not free: ${clashes.join('; ')}; not starting ${target.mode} (VM ${target.vmid})`, {
        hint: "something started a GPU VM behind Morpheus's back (Proxmox UI, onboot, HA, a schedule); stop it and switch again",
      });
    }
    return { checkedVms: snapshot.vms.length };
  }

  return {
    /**
     * Step 1 of every switch: the modes from the worker's config and the host's live state. Given the
     * requester's own observation of a moment ago (the CLI's, which it planned on), it reads the VM list
     * and only the configs that may have changed since, so a switch reads each config once. A host
     * that does not answer at all is reported, not thrown, when the worker may wake it.
     */
    observe(args: { earlier?: ObservedHost } = {}): Promise<Observation | HostUnreachable> {
      return keepingAlive(async () => {
        const earlier = args.earlier && Math.abs(Date.now() - args.earlier.at) <= EARLIER_OBSERVATION_MS ? args.earlier.snapshot : undefined;
        let snapshot: HostSnapshot;
        let pci: Awaited<ReturnType<typeof gpus.prefetch>>;
        try {
          [snapshot, pci] = await Promise.all([observeHost(client, cancellable(), earlier), gpus.prefetch()]);
        } catch (err) {
          if (settings.wake && isNoAnswer(err)) return { unreachable: { reason: (err as Error).message, wakeTimeoutMs: settings.wake.timeoutMs } };
          throw err;
        }
        return { snapshot, modes: settings.modes, rollback: settings.rollback, notify: settings.notifyEvents, gpus: gpus.of(pci, snapshot) };
      });
    },

    /**
     * Right before a GPU mode starts: on live state, not on memory of earlier steps, no VM that
     * physically clashes with it may run (a VM in an unknown state counts as running). Given the
     * switch's own observation, it reads again only the configs of VMs started since.
     */
    verifyGpuFree(target: GpuCheck): Promise<{ checkedVms: number }> {
      return keepingAlive(() => checkGpuFree(target));
    },
  };
}
