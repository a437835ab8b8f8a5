import { heartbeat, log } from '@temporalio/activity';
import type { ProxmoxClient } from '../proxmox/client';
import { ProxmoxTaskFailedError, ProxmoxTaskRunningError, ProxmoxTransientError } from '../proxmox/errors';
import { waitForTask } from '../proxmox/task-wait';
import { businessFailure, FailureType } from './failures';
import { cancellable, keepingAlive, noteTransient, pollUntil, previousUpid } from './poll';

export interface VmRef {
  readonly vmid: number;
  readonly mode: string;
}

// How long a shutdown task gets to fail at once (locks, a paused VM) before it counts as accepted.
const SHUTDOWN_ACCEPT_MS = 1_500;

/**
 * A shutdown task still running, or one that already timed out, delivered its ACPI request: the
 * workflow's timer decides what follows. Anything else (a lock, an unknown VM) fails the step.
 */
const shutdownAccepted = (err: unknown): boolean =>
  err instanceof ProxmoxTaskRunningError || (err instanceof ProxmoxTaskFailedError && /got timeout$/.test(err.proxmoxMessage ?? ''));

const isAlreadyRunning = (err: unknown): boolean =>
  err instanceof ProxmoxTaskFailedError && /already running$/.test(err.proxmoxMessage ?? '');

/**
 * The power steps of a switch. Each is idempotent (stopping a stopped VM and starting a running one
 * succeed) and resumes a task an earlier attempt issued (its UPID is in the heartbeat) instead of
 * issuing a second one.
 */
export function powerActivities(client: ProxmoxClient) {
  const status = async (vmid: number) => (await client.vmStatus(vmid, cancellable())).status;

  /**
   * Waits for a task an earlier attempt recorded: true when it succeeded; false when it ended in
   * failure (a lock since released, say), so the caller checks the VM again and issues a fresh task.
   */
  async function resumed(vmid: number, timeoutMs: number): Promise<boolean> {
    const upid = previousUpid();
    if (!upid) return false;
    try {
      await waitForTask(client, upid, { timeoutMs, vmid, ...cancellable(), onPoll: () => heartbeat({ upid }), onTransient: noteTransient });
      log.info('resumed the Proxmox task of an earlier attempt', { upid });
      return true;
    } catch (err) {
      if (isAlreadyRunning(err)) return true;
      // Still running, or Proxmox unreachable: this attempt fails and the next polls the same task.
      if (err instanceof ProxmoxTransientError) throw err;
      log.warn('the task of an earlier attempt failed; checking the VM again', { upid, error: String(err) });
      return false;
    }
  }

  async function runTask(vmid: number, issue: () => Promise<string>, timeoutMs: number): Promise<string> {
    const upid = await issue();
    heartbeat({ upid });
    await waitForTask(client, upid, { timeoutMs, vmid, ...cancellable(), onPoll: () => heartbeat({ upid }), onTransient: noteTransient });
    return upid;
  }

  return {
    /**
     * Sends the ACPI shutdown request; the workflow times the wait. A task that fails at once (a VM
     * lock, say) fails this step, so the retry sends the request again instead of the workflow
     * waiting out its timer and force-stopping a guest that never got the request.
     */
    requestShutdown(vm: VmRef & { timeoutMs: number }): Promise<{ alreadyStopped: boolean; upid?: string }> {
      return keepingAlive(async () => {
        if ((await status(vm.vmid)) === 'stopped') return { alreadyStopped: true };
        // No forceStop: the forced stop is the workflow's own, visible step after its timer.
        const upid = await client.shutdownVm(vm.vmid, { timeoutS: Math.max(1, Math.ceil(vm.timeoutMs / 1000)), forceStop: false }, cancellable());
        try {
          await waitForTask(client, upid, { timeoutMs: SHUTDOWN_ACCEPT_MS, vmid: vm.vmid, ...cancellable(), onTransient: noteTransient });
        } catch (err) {
          if (!shutdownAccepted(err)) throw err;
        }
        return { alreadyStopped: false, upid };
      });
    },

    /** Polls until the VM is stopped; runs until it is, or until the workflow's timer cancels it. */
    async awaitStopped(vm: VmRef): Promise<void> {
      await pollUntil(async () => ((await status(vm.vmid)) === 'stopped' ? true : undefined), undefined);
    },

    /** Hard stop (QMP quit, SIGTERM, SIGKILL) after the graceful shutdown timed out. */
    async forceStop(vm: VmRef): Promise<{ alreadyStopped: boolean }> {
      if (await resumed(vm.vmid, 60_000)) return { alreadyStopped: false };
      if ((await status(vm.vmid)) === 'stopped') return { alreadyStopped: true };
      await runTask(vm.vmid, () => client.stopVm(vm.vmid, cancellable()), 60_000);
      return { alreadyStopped: false };
    },

    /** Confirms on live state that the VM is stopped; HA-managed VMs get time for the real stop to follow the request. */
    async verifyStopped(vm: VmRef & { timeoutMs: number }): Promise<void> {
      const stopped = await pollUntil(async () => ((await status(vm.vmid)) === 'stopped' ? true : undefined), vm.timeoutMs);
      if (!stopped) throw businessFailure(FailureType.vmStillRunning, `VM ${vm.vmid} (${vm.mode}) is still running after it was stopped`, { vmid: vm.vmid });
    },

    async startVm(vm: VmRef & { timeoutMs: number }): Promise<{ alreadyRunning: boolean }> {
      if (await resumed(vm.vmid, vm.timeoutMs)) return { alreadyRunning: false };
      if ((await status(vm.vmid)) === 'running') return { alreadyRunning: true };
      try {
        await runTask(vm.vmid, () => client.startVm(vm.vmid, {}, cancellable()), vm.timeoutMs);
        return { alreadyRunning: false };
      } catch (err) {
        // A start that raced another start of the same VM still leaves it running, which is the goal.
        if (isAlreadyRunning(err)) return { alreadyRunning: true };
        throw err;
      }
    },

    /** Confirms the VM runs (for HA-managed VMs the real start follows the request task). */
    async verifyRunning(vm: VmRef & { timeoutMs: number }): Promise<{ uptimeS: number }> {
      const seen = await pollUntil(async () => {
        const s = await client.vmStatus(vm.vmid, cancellable());
        return s.status === 'running' ? s : undefined;
      }, vm.timeoutMs);
      if (!seen) throw businessFailure(FailureType.vmNotRunning, `VM ${vm.vmid} (${vm.mode}) did not reach "running" within ${Math.round(vm.timeoutMs / 1000)} s`, { vmid: vm.vmid });
      return { uptimeS: seen.uptime ?? 0 };
    },
  };
}
