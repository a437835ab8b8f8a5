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
 * against polling for "stopped"; a forced stop only if the timer wins; then verification on live
 * state.
 */
export async function stopVm(step: StopStep): Promise<StopOutcome> {
  const vm = { vmid: step.vmid, mode: step.mode };
  const name = `${step.mode} (VM ${step.vmid})`;
  const request = await proxyActivities<Activities>(quick(`ACPI shutdown of ${name}`)).requestShutdown({ ...vm, timeoutMs: step.shutdownTimeoutMs });
  if (request.alreadyStopped) return { forced: false, note: 'already stopped' };

  const outcome = await CancellationScope.cancellable(async () => {
    const wait = proxyActivities<Activities>({
      ...waiting(`Wait for ${name} to power off`, step.shutdownTimeoutMs),
      // The timer decides; there is no need to wait for the poller to acknowledge its cancellation.
      cancellationType: ActivityCancellationType.TRY_CANCEL,
    });
    const stopped = wait.awaitStopped(vm).then(() => 'stopped' as const);
    const timedOut = sleep(step.shutdownTimeoutMs, { summary: `Shutdown timeout of ${name}: ${seconds(step.shutdownTimeoutMs)}` }).then(() => 'timeout' as const);
    const winner = await Promise.race([stopped, timedOut]);
    CancellationScope.current().cancel();
    // The loser rejects with a cancellation; it was raced, so nothing is left unhandled.
    stopped.catch(() => undefined);
    timedOut.catch(() => undefined);
    return winner;
  });

  let result: StopOutcome = { forced: false };
  if (outcome === 'timeout') {
    const forced = await proxyActivities<Activities>(waiting(`Forced stop of ${name} after ${seconds(step.shutdownTimeoutMs)}`, 60_000)).forceStop(vm);
    // The timer can win against a guest that did power off: when nobody polled (a worker died), or by a hair.
    result = forced.alreadyStopped
      ? { forced: false, note: `found stopped after the ${seconds(step.shutdownTimeoutMs)} timeout; no forced stop needed` }
      : { forced: true, note: `forced stop after ${seconds(step.shutdownTimeoutMs)} timeout` };
  }
  await proxyActivities<Activities>(waiting(`Verify ${name} is stopped`, 60_000)).verifyStopped({ ...vm, timeoutMs: 60_000 });
  return result;
}
