import { CancellationScope, ActivityCancellationType, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { PlanStep } from '../modes/types';
import { quick, waiting } from './activity-options';

type StopStep = Extract<PlanStep, { kind: 'stop' }>;

const seconds = (ms: number): string => `${Math.round(ms / 1000)}s`;

/** How a stop went: `forced` when the guest ignored ACPI and was stopped hard; a note for the user. */
export interface StopOutcome {
  readonly forced: boolean;
  readonly note?: string;
}

/**
 * Stops one VM as a visible runbook: ACPI shutdown; a durable timer of the shutdown timeout raced
 * against waiting for "stopped"; a forced stop only if the timer wins; then verification on live
 * state.
 *
 * `combined` (runs started since the `power-steps-v2` patch): the ACPI request and the wait are one
 * activity, which follows Proxmox's shutdown task to the VM being off, and the forced stop confirms
 * the VM is off itself, so no separate verification follows. The timer then also covers the request.
 * Otherwise (runs recorded before): the request, the wait and the verification are three activities.
 */
export async function stopVm(step: StopStep, combined: boolean): Promise<StopOutcome> {
  const vm = { vmid: step.vmid, mode: step.mode };
  const name = `${step.mode} (VM ${step.vmid})`;
  const power = (summary: string) =>
    proxyActivities<Activities>({
      ...waiting(summary, step.shutdownTimeoutMs),
      // The timer decides; there is no need to wait for the poller to acknowledge its cancellation.
      cancellationType: ActivityCancellationType.TRY_CANCEL,
    });
  let outcome: 'stopped' | 'timeout';
  if (combined) {
    outcome = await againstTimer(step, name, () =>
      power(`ACPI shutdown of ${name}, waiting for it to power off`).shutdownAndWait({ ...vm, timeoutMs: step.shutdownTimeoutMs }),
    );
  } else {
    const request = await proxyActivities<Activities>(quick(`ACPI shutdown of ${name}`)).requestShutdown({ ...vm, timeoutMs: step.shutdownTimeoutMs });
    if (request.alreadyStopped) return { forced: false, note: 'already stopped' };
    outcome = await againstTimer(step, name, () => power(`Wait for ${name} to power off`).awaitStopped(vm));
  }

  let result: StopOutcome = { forced: false };
  if (outcome === 'timeout') {
    const forced = await proxyActivities<Activities>(waiting(`Forced stop of ${name} after ${seconds(step.shutdownTimeoutMs)}`, 60_000)).forceStop(vm);
    // The timer can win against a guest that did power off: when nobody polled (a worker died), or by a hair.
    result = forced.alreadyStopped
      ? { forced: false, note: `found stopped after the ${seconds(step.shutdownTimeoutMs)} timeout; no forced stop needed` }
      : { forced: true, note: `forced stop after ${seconds(step.shutdownTimeoutMs)} timeout` };
  }
  // The combined wait ends with the VM seen off, and so does the forced stop: the verification is the old runs' own step.
  if (!combined) await proxyActivities<Activities>(waiting(`Verify ${name} is stopped`, 60_000)).verifyStopped({ ...vm, timeoutMs: 60_000 });
  return result;
}

/** Races the shutdown timeout's durable timer against `wait`; the loser is cancelled. */
function againstTimer(step: StopStep, name: string, wait: () => Promise<unknown>): Promise<'stopped' | 'timeout'> {
  return CancellationScope.cancellable(async () => {
    const stopped = wait().then(() => 'stopped' as const);
    const timedOut = sleep(step.shutdownTimeoutMs, { summary: `Shutdown timeout of ${name}: ${seconds(step.shutdownTimeoutMs)}` }).then(
      () => 'timeout' as const,
    );
    const winner = await Promise.race([stopped, timedOut]);
    CancellationScope.current().cancel();
    // The loser rejects with a cancellation; it was raced, so nothing is left unhandled.
    stopped.catch(() => undefined);
    timedOut.catch(() => undefined);
    return winner;
  });
}
