import { activityInfo, heartbeat, log } from '@temporalio/activity';
import { isTaskSuccess } from '../proxmox/classify';
import type { ProxmoxClient } from '../proxmox/client';
import { ProxmoxTaskFailedError, ProxmoxTaskRunningError, ProxmoxTransientError } from '../proxmox/errors';
import type { LearningSchedule } from '../proxmox/poll-schedule';
import { waitForTask } from '../proxmox/task-wait';
import { parseUpid } from '../proxmox/upid';
import { businessFailure, FailureType } from './failures';
import { cancellable, keepingAlive, noteTransient, pollUntil, previousUpid } from './poll';
import type { WaitMemory } from './wait-memory';

export interface VmRef {
  readonly vmid: number;
  readonly mode: string;
}

// How long a shutdown task gets to fail at once (locks, a paused VM) before it counts as accepted.
const SHUTDOWN_ACCEPT_MS = 1_500;

/** How a shutdown task that timed out ends: it delivered its ACPI request; the guest may still power off, and the workflow's timer decides. */
const SHUTDOWN_TIMEOUT = /got timeout$/;
const shutdownTimedOut = (err: unknown): boolean => err instanceof ProxmoxTaskFailedError && SHUTDOWN_TIMEOUT.test(err.proxmoxMessage ?? '');

/** A shutdown task still running, or one that already timed out, delivered its ACPI request. */
const shutdownAccepted = (err: unknown): boolean => err instanceof ProxmoxTaskRunningError || shutdownTimedOut(err);

/**
 * A retried attempt that recorded no task may still have sent its request (the answer was lost or
 * garbled): it looks at the VM before sending another. A first attempt sends at once; Proxmox treats
 * a start of a running VM and a shutdown of a stopped one as done.
 */
const isRetry = (): boolean => activityInfo().attempt > 1;

const isAlreadyRunning = (err: unknown): boolean => err instanceof ProxmoxTaskFailedError && /already running$/.test(err.proxmoxMessage ?? '');

/**
 * HA-managed VMs answer a power request with an HA request task (`hastart`, `hastop`) that ends at
 * once; the real start or stop follows seconds later, so only the VM's status tells when it happened.
 */
const isHaRequest = (upid: string): boolean => /^ha/.test(parseUpid(upid)?.type ?? '');

/**
 * The power steps of a switch. Each is idempotent (stopping a stopped VM and starting a running one
 * succeed) and resumes a task an earlier attempt issued (its UPID is in the heartbeat) instead of
 * issuing a second one. The waits poll when `memory` says the last wait of the same kind ended.
 */
export function powerActivities(client: ProxmoxClient, memory: WaitMemory) {
  const status = async (vmid: number) => (await client.vmStatus(vmid, cancellable())).status;
  const untilStatus = (vmid: number, wanted: 'running' | 'stopped', deadlineMs: number | undefined, details?: unknown) =>
    pollUntil(async () => ((await status(vmid)) === wanted ? true : undefined), deadlineMs, details);

  /** Waits for a task, heartbeating its UPID, so that a retried attempt finds it. */
  const awaitTask = (vmid: number, upid: string, timeoutMs: number, learning?: LearningSchedule) =>
    waitForTask(client, upid, { timeoutMs, vmid, ...cancellable(), onPoll: () => heartbeat({ upid }), onTransient: noteTransient, learning });

  /**
   * Waits for a task an earlier attempt recorded: true when it succeeded; false when it ended in
   * failure (a lock since released, say), so the caller checks the VM again and issues a fresh task.
   */
  async function resumed(vmid: number, timeoutMs: number): Promise<boolean> {
    const upid = previousUpid();
    if (!upid) return false;
    try {
      await awaitTask(vmid, upid, timeoutMs);
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
    await awaitTask(vmid, upid, timeoutMs);
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
      await untilStatus(vm.vmid, 'stopped', undefined);
    },

    /**
     * The ACPI request and the wait for the guest to power off, in one step: sends the request (or
     * resumes the one an earlier attempt sent) and follows its task, which Proxmox ends when the
     * guest is off. It runs until then, or until the workflow's shutdown timer cancels it. A task that
     * fails at once (a VM lock) fails the attempt, and the retry sends the request again; one that
     * timed out on Proxmox's side still delivered the request, so polling goes on until the timer.
     */
    shutdownAndWait(vm: VmRef & { timeoutMs: number }): Promise<{ alreadyStopped: boolean }> {
      let upid = previousUpid();
      return keepingAlive(
        async () => {
          if (upid === undefined && isRetry() && (await status(vm.vmid)) === 'stopped') return { alreadyStopped: true };
          if (upid === undefined || !(await taskStillCounts(upid))) {
            // No forceStop: the forced stop is the workflow's own, visible step after its timer.
            upid = await client.shutdownVm(vm.vmid, { timeoutS: Math.max(1, Math.ceil(vm.timeoutMs / 1000)), forceStop: false }, cancellable());
            heartbeat({ upid });
          }
          const issued = upid;
          // Proxmox's shutdown task ends OK once QEMU has quit: that is the VM seen stopped. An HA
          // request task, and one that timed out on Proxmox's side, do not say so: the status does.
          let off = false;
          try {
            // No timeout of our own: Proxmox's task ends by the step's timeout, and the timer cancels this.
            await awaitTask(vm.vmid, issued, Number.MAX_SAFE_INTEGER, isHaRequest(issued) ? undefined : memory.for(vm.vmid, 'shutdown'));
            off = !isHaRequest(issued);
          } catch (err) {
            if (!shutdownTimedOut(err)) throw err;
          }
          if (!off) await untilStatus(vm.vmid, 'stopped', undefined, { upid: issued });
          return { alreadyStopped: false };
        },
        () => upid && { upid },
      );

      /** Whether the task an earlier attempt sent still stands for the request: running, succeeded or timed out. */
      async function taskStillCounts(earlier: string): Promise<boolean> {
        const task = await client.taskStatus(earlier, cancellable());
        if (task.status !== 'stopped') return true;
        const exit = task.exitstatus ?? '';
        return isTaskSuccess(exit) || SHUTDOWN_TIMEOUT.test(exit);
      }
    },

    /** Hard stop (QMP quit, SIGTERM, SIGKILL) after the graceful shutdown timed out, confirmed on live state. */
    async forceStop(vm: VmRef): Promise<{ alreadyStopped: boolean }> {
      let upid = previousUpid();
      if (!(await resumed(vm.vmid, 60_000))) {
        if ((await status(vm.vmid)) === 'stopped') return { alreadyStopped: true };
        upid = await runTask(vm.vmid, () => client.stopVm(vm.vmid, cancellable()), 60_000);
      }
      // HA-managed VMs stop a moment after their request task; others are off when the task ends.
      if (!(await untilStatus(vm.vmid, 'stopped', 60_000, upid && { upid }))) {
        throw businessFailure(FailureType.vmStillRunning, `VM ${vm.vmid} (${vm.mode}) is still running after it was stopped`, { vmid: vm.vmid });
      }
      return { alreadyStopped: false };
    },

    /** Confirms on live state that the VM is stopped; HA-managed VMs get time for the real stop to follow the request. */
    async verifyStopped(vm: VmRef & { timeoutMs: number }): Promise<void> {
      const stopped = await untilStatus(vm.vmid, 'stopped', vm.timeoutMs);
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
      if (!seen)
        throw businessFailure(FailureType.vmNotRunning, `VM ${vm.vmid} (${vm.mode}) did not reach "running" within ${Math.round(vm.timeoutMs / 1000)} s`, {
          vmid: vm.vmid,
        });
      return { uptimeS: seen.uptime ?? 0 };
    },

    /**
     * Starts the VM and confirms it runs, in one step: sends the start (or resumes the task an earlier
     * attempt sent) and follows its task, which Proxmox ends OK once QEMU runs. Starting a running VM
     * succeeds. HA-managed VMs start a moment after their request task, so their status is polled.
     */
    startAndVerify(vm: VmRef & { timeoutMs: number }): Promise<{ alreadyRunning: boolean }> {
      let upid = previousUpid();
      const deadline = Date.now() + vm.timeoutMs;
      const left = () => Math.max(0, deadline - Date.now());
      return keepingAlive(
        async () => {
          let alreadyRunning = false;
          try {
            if (upid === undefined && isRetry() && (await status(vm.vmid)) === 'running') return { alreadyRunning: true };
            if (upid === undefined || !(await resumed(vm.vmid, left()))) {
              upid = await client.startVm(vm.vmid, {}, cancellable());
              heartbeat({ upid });
              await awaitTask(vm.vmid, upid, left(), isHaRequest(upid) ? undefined : memory.for(vm.vmid, 'start'));
            }
          } catch (err) {
            // A running VM, or a start that raced another start of it: it runs, which is the goal.
            if (!isAlreadyRunning(err)) throw err;
            alreadyRunning = true;
          }
          if (upid !== undefined && isHaRequest(upid) && !(await untilStatus(vm.vmid, 'running', left(), { upid }))) {
            throw businessFailure(FailureType.vmNotRunning, `VM ${vm.vmid} (${vm.mode}) did not reach "running" within ${Math.round(vm.timeoutMs / 1000)} s`, {
              vmid: vm.vmid,
            });
          }
          return { alreadyRunning };
        },
        () => upid && { upid },
      );
    },
  };
}
