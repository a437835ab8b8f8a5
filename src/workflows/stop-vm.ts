import { CancellationScope, ActivityCancellationType, patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { PlanStep } from '../modes/types';
import { quick, waiting } from './activity-options';

type StopStep = Extract<PlanStep, { kind: 'stop' }>;

/**
 * Runs since this patch leave nothing of a stop's race pending: after a forced stop they wait for the
 * cancelled shutdown wait to settle (acknowledge its cancellation, or end: it sees the VM off), and
 * when the wait fails they cancel the shutdown timer. Before, that wait's late end, or the timer's
 * firing, could land during the run's last workflow task; Temporal then fails the task and runs it
 * again, and what the task emits (the switch's metrics) was emitted twice.
 */
export const SETTLE_SHUTDOWN_WAIT_PATCH = 'settle-shutdown-wait';

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
      // The timer decides the race at once; the wait's settling is awaited only after the forced stop
      // (see SETTLE_SHUTDOWN_WAIT_PATCH). Both cancellation types send the same command, so runs
      // recorded with TRY_CANCEL replay.
      cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    });
  let race: Race;
  if (combined) {
    race = await againstTimer(step, name, () =>
      power(`ACPI shutdown of ${name}, waiting for it to power off`).shutdownAndWait({ ...vm, timeoutMs: step.shutdownTimeoutMs }),
    );
  } else {
    const request = await proxyActivities<Activities>(quick(`ACPI shutdown of ${name}`)).requestShutdown({ ...vm, timeoutMs: step.shutdownTimeoutMs });
    if (request.alreadyStopped) return { forced: false, note: 'already stopped' };
    race = await againstTimer(step, name, () => power(`Wait for ${name} to power off`).awaitStopped(vm));
  }

  let result: StopOutcome = { forced: false };
  if (race.winner === 'timeout') {
    const forcing = proxyActivities<Activities>(waiting(`Forced stop of ${name} after ${seconds(step.shutdownTimeoutMs)}`, 60_000)).forceStop(vm);
    // Bounded: the wait sees the VM off, or hears of its cancellation when its heartbeat next reaches
    // Temporal (heartbeats are flushed at most every 8 s), or times out (10 s without one).
    const forced = await forcing.finally(() => (patched(SETTLE_SHUTDOWN_WAIT_PATCH) ? race.settled : undefined));
    // The timer can win against a guest that did power off: when nobody polled (a worker died), or by a hair.
    result = forced.alreadyStopped
      ? { forced: false, note: `found stopped after the ${seconds(step.shutdownTimeoutMs)} timeout; no forced stop needed` }
      : { forced: true, note: `forced stop after ${seconds(step.shutdownTimeoutMs)} timeout` };
  }
  // The combined wait ends with the VM seen off, and so does the forced stop: the verification is the old runs' own step.
  if (!combined) await proxyActivities<Activities>(waiting(`Verify ${name} is stopped`, 60_000)).verifyStopped({ ...vm, timeoutMs: 60_000 });
  return result;
}

/** Who won the race, and a promise that resolves once the wait has settled (ended or acknowledged its cancellation). */
interface Race {
  readonly winner: 'stopped' | 'timeout';
  readonly settled: Promise<void>;
}

/** Races the shutdown timeout's durable timer against `wait`; the loser is cancelled. */
function againstTimer(step: StopStep, name: string, wait: () => Promise<unknown>): Promise<Race> {
  return CancellationScope.cancellable(async () => {
    const stopped = wait().then(() => 'stopped' as const);
    const timedOut = sleep(step.shutdownTimeoutMs, { summary: `Shutdown timeout of ${name}: ${seconds(step.shutdownTimeoutMs)}` }).then(
      () => 'timeout' as const,
    );
    // The loser rejects with a cancellation; it is raced, so nothing is left unhandled.
    const settled = stopped.then(
      () => undefined,
      () => undefined,
    );
    timedOut.catch(() => undefined);
    try {
      const winner = await Promise.race([stopped, timedOut]);
      CancellationScope.current().cancel();
      return { winner, settled };
    } catch (err) {
      // The wait failed: the timer goes too, or its firing could land during the run's last workflow task.
      if (patched(SETTLE_SHUTDOWN_WAIT_PATCH)) CancellationScope.current().cancel();
      throw err;
    }
  });
}
