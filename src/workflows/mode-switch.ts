import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, HostUnreachable, Observation } from '../activities';
import type { HostSnapshot } from '../modes/types';
import type { NotifyEvent } from '../contract/notify';
import { switchSummary } from '../contract/switch-summary';
import type { ExitCode } from '../errors';
import { FailureType } from '../shared/failure-types';
import { refusalSummary } from '../modes/describe';
import type { Plan, PlanStep } from '../modes/types';
import { plan as planRequest, rollbackSteps } from '../modes/planner';
import { quick, waiting } from './activity-options';
import { cancellationWatch } from './cancellation';
import {
  nodeOfSwitchId,
  progressQuery,
  RUN_MEMO_KEY,
  type NetworkOutcome,
  type RollbackOutcome,
  type RunMemo,
  type ObservedHost,
  type SwitchFailureDetails,
  type SwitchInput,
  type SwitchResult,
} from '../contract/switch';
import { countSwitch } from './metrics';
import { failureMessage } from './failure-message';
import { handOffNotification } from './notify';
import { Progress } from './progress';
import {
  FROM_MODE_ATTRIBUTE,
  fromModesValue,
  HOST_ATTRIBUTE,
  OUTCOME_ATTRIBUTE,
  REQUESTED_BY_ATTRIBUTE,
  TO_MODE_ATTRIBUTE,
} from '../contract/search-attributes';
import { stopVm } from './stop-vm';

const OUTCOME = { switch: 'switched', start: 'started', stop: 'stopped' } as const;

/**
 * Runs started since this patch make each power step one activity (the ACPI request with the wait for
 * power-off; the start with the confirmation that the VM runs); runs recorded before keep their
 * separate request, wait and verification activities, so they replay.
 */
export const POWER_STEPS_PATCH = 'power-steps-v2';

/**
 * One mode transition of one host: observe, plan (pure), then run the plan's steps, each a visible
 * activity or timer. If the target fails to start after other modes were stopped, those modes are
 * restored (unless rollback is off) and both outcomes are reported.
 *
 * Cancellation (`morpheus mode cancel`, or Request Cancellation in the Web UI) takes effect between
 * steps: a power step under way (a shutdown requested, a start issued) completes, nothing further
 * starts, the rollback rules apply as for a failure, and the run ends cancelled with what was done.
 */
export async function modeSwitchWorkflow(request: SwitchInput): Promise<SwitchResult> {
  // The requester's observation serves the first step only; progress and result carry the request without it.
  const { observed, ...input } = request;
  const progress = new Progress(input);
  setHandler(progressQuery, () => progress.state);
  const cancel = cancellationWatch();
  const run = new RunRecord(input, progress);

  let observation: Observation;
  try {
    observation = await observeWakingIfNeeded(progress, observed);
  } catch (err) {
    // A bad token or an unreachable host fails here: report it with its cause type, like any step.
    if (cancel.requested || isCancellation(err)) throw await run.cancelled([], undefined);
    throw await run.failed(err, progress.state.steps.find((s) => s.status === 'failed')?.label ?? 'Observing the host', undefined, undefined);
  }
  // Runs observed before notifications existed recorded no `notify`: they send none.
  run.observed(observation.notify ?? []);
  const p = planRequest(observation.modes, observation.snapshot, input);
  progress.state.plan = p;
  progress.state.from = p.running;
  // Set here as well as at start: a run started from the Web UI or the API carries none of them.
  upsertSearchAttributes([
    { key: HOST_ATTRIBUTE, value: observation.snapshot.node },
    { key: TO_MODE_ATTRIBUTE, value: input.target },
    { key: FROM_MODE_ATTRIBUTE, value: fromModesValue(p.running) },
    { key: REQUESTED_BY_ATTRIBUTE, value: input.requestedBy },
  ]);

  if (p.kind === 'refused') {
    await run.end('refused', 'refused', `refused: ${refusalSummary(p)}`);
    throw ApplicationFailure.create({ type: FailureType.refused, message: refusalSummary(p), nonRetryable: true, details: [p] });
  }
  if (p.kind === 'noop') {
    await run.end('noop', 'noop', `nothing to do: ${p.reason}`);
    return { outcome: 'noop', input, from: p.running, reason: p.reason, steps: progress.state.steps, plan: p };
  }

  progress.phase('running');
  const how: StepContext = { combined: patched(POWER_STEPS_PATCH), observed: observation.snapshot };
  const stopped: string[] = [];
  const forced: string[] = [];
  let network: NetworkOutcome | undefined;
  let targetRunning = false;
  try {
    for (const step of p.steps) {
      if (cancel.requested) throw new CancelledFailure('cancelled');
      // Power steps run to their end even when a cancellation arrives: a guest that got its ACPI
      // request, or a start Proxmox accepted, is seen through and verified.
      const outcome = await (changesPower(step) ? CancellationScope.nonCancellable(() => runStep(step, progress, how)) : runStep(step, progress, how));
      if (step.kind === 'stop') {
        stopped.push(step.mode);
        if ((outcome as { forced: boolean }).forced) forced.push(step.mode);
      }
      if (step.kind === 'start') targetRunning = true;
      if (step.kind === 'wait-network') network = outcome as NetworkOutcome;
    }
  } catch (err) {
    const failed = progress.state.steps.find((s) => s.status === 'failed');
    const done = progress.state.steps.filter((s) => s.status === 'done' && s.id !== 'observe').map((s) => s.label);
    // Restore only when every stop is done and the target did not come up: the host would be dark.
    const allStopsDone = p.steps.filter((s) => s.kind === 'stop').every((s) => stopped.includes(s.mode));
    const wanted = allStopsDone && !targetRunning && stopped.length > 0 && (input.rollback ?? observation.rollback);
    const rollback = wanted ? await CancellationScope.nonCancellable(() => restore(stopped, observation, progress, how)) : undefined;
    run.remember({ forcedStops: forced, rollback });
    if (cancel.requested || isCancellation(err)) throw await run.cancelled(done, rollback);
    throw await run.failed(err, failed?.label, rollback, p);
  }
  run.remember({ forcedStops: forced });
  const outcome = OUTCOME[input.action];
  await run.end(outcome, 'switched', `${outcome} in ${((Date.now() - progress.state.startedAt) / 1000).toFixed(1)}s`, network);
  const gpu = input.action === 'stop' ? undefined : observation.gpus?.[String(observation.modes.find((m) => m.name === input.target)?.vmid)];
  return { outcome, input, from: p.running, ...(network && { network }), ...(gpu !== undefined && { gpu }), steps: progress.state.steps, plan: p };
}

const observe = (progress: Progress, earlier: ObservedHost | undefined): Promise<Observation | HostUnreachable> =>
  progress.step('observe', 'Observing the host', () =>
    proxyActivities<Activities>(quick('Observe the host: VM states and passthrough')).observe(earlier ? { earlier } : {}),
  );

/**
 * Observes the host (building on the requester's observation, when it sent one); when the host does not
 * answer and the worker may wake it (proxmox.wol wake_if_unreachable), Wake-on-LAN is a step of its
 * own, then the host is observed again.
 */
async function observeWakingIfNeeded(progress: Progress, earlier: ObservedHost | undefined): Promise<Observation> {
  const first = await observe(progress, earlier);
  if (!('unreachable' in first)) return first;
  // Versioned: runs recorded before Wake-on-LAN never saw a silent host reported instead of thrown.
  if (!patched('wake-on-lan')) throw ApplicationFailure.nonRetryable(first.unreachable.reason, FailureType.hostAsleep);
  const timeoutMs = first.unreachable.wakeTimeoutMs;
  await progress.step('wake', 'Waking the host (Wake-on-LAN)', async (record) => {
    const woke = await proxyActivities<Activities>(waiting('Wake the host with Wake-on-LAN and wait for its API', timeoutMs)).wakeHost();
    record.detail = `the API answered ${Math.round(woke.afterMs / 1000)}s after the magic packet (${woke.packetsSent} sent)`;
  });
  const again = await observe(progress, undefined);
  if ('unreachable' in again)
    throw ApplicationFailure.nonRetryable(`the host woke up but stopped answering: ${again.unreachable.reason}`, FailureType.hostAsleep);
  return again;
}

const changesPower = (step: PlanStep): boolean => step.kind === 'stop' || step.kind === 'start';

/** How this run takes its steps: `combined` power steps (see {@link POWER_STEPS_PATCH}), and the switch's own observation. */
interface StepContext {
  readonly combined: boolean;
  readonly observed: HostSnapshot;
}

async function runStep(step: PlanStep, progress: Progress, how: StepContext): Promise<unknown> {
  const name = `${step.mode} (VM ${step.vmid})`;
  const vm = { vmid: step.vmid, mode: step.mode };
  switch (step.kind) {
    case 'stop':
      return progress.step(`stop:${step.vmid}`, `Shutting down ${name}`, async (record) => {
        const outcome = await stopVm(step, how.combined);
        if (outcome.note) record.detail = outcome.note;
        return outcome;
      });
    case 'verify-gpu-free':
      // The observation lets the check read again only the configs of VMs started since.
      return progress.step(`gpu:${step.vmid}`, 'Checking the GPU is free', () =>
        proxyActivities<Activities>(quick(`Verify the GPU is free for ${name}`)).verifyGpuFree({ ...vm, earlier: how.observed }),
      );
    case 'start':
      return progress.step(`start:${step.vmid}`, `Starting ${name}`, async () => {
        if (how.combined)
          return proxyActivities<Activities>(waiting(`Start ${name} and confirm it runs`, step.startTimeoutMs)).startAndVerify({
            ...vm,
            timeoutMs: step.startTimeoutMs,
          });
        await proxyActivities<Activities>(waiting(`Start ${name}`, step.startTimeoutMs)).startVm({ ...vm, timeoutMs: step.startTimeoutMs });
        return proxyActivities<Activities>(waiting(`Verify ${name} is running`, step.startTimeoutMs)).verifyRunning({ ...vm, timeoutMs: step.startTimeoutMs });
      });
    case 'wait-network': {
      const timeoutMs = step.network.wait === 'none' ? 0 : step.network.timeoutMs;
      return progress.step(`network:${step.vmid}`, 'Waiting for network', async (record) => {
        const outcome = await proxyActivities<Activities>(waiting(`Wait for the network of ${name}`, timeoutMs)).waitForNetwork({
          vmid: step.vmid,
          network: step.network,
        });
        record.detail = outcome.confirmed ? `${outcome.via === 'agent' ? 'IP' : 'port'} ${outcome.address}` : outcome.reason;
        return outcome;
      });
    }
  }
}

/** Brings back the modes a failed switch stopped; its own failure is reported, not thrown. */
async function restore(stopped: readonly string[], observation: Observation, progress: Progress, how: StepContext): Promise<RollbackOutcome> {
  progress.phase('rolling-back');
  const restored: string[] = [];
  try {
    for (const step of rollbackSteps(stopped, observation.modes, observation.snapshot)) {
      await runStep(step, progress, how);
      if (step.kind === 'start') restored.push(step.mode);
    }
    return { restored };
  } catch (err) {
    return { restored, error: failureMessage(err) };
  }
}

/**
 * How a run ends, in one place: the outcome search attribute, the phase, the memo for `mode history`,
 * and the notification, whichever way the run ends.
 */
class RunRecord {
  readonly #node = nodeOfSwitchId(workflowInfo().workflowId);
  /** Events the worker's notification targets want; unknown (undefined) when the host was never observed. */
  #notify: readonly NotifyEvent[] | undefined;
  #memo: RunMemo = {};

  constructor(
    private readonly input: SwitchInput,
    private readonly progress: Progress,
  ) {}

  observed(notify: readonly NotifyEvent[]): void {
    this.#notify = notify;
  }

  remember(memo: RunMemo): void {
    this.#memo = {
      ...this.#memo,
      ...(memo.forcedStops?.length && { forcedStops: memo.forcedStops }),
      ...(memo.rollback && { rollback: memo.rollback }),
      ...(memo.cancelled && { cancelled: memo.cancelled }),
    };
  }

  /** `detail` completes the run's summary: "pve: a → b: <detail>". */
  async end(outcome: string, event: NotifyEvent, detail: string, network?: NetworkOutcome): Promise<void> {
    upsertSearchAttributes([{ key: OUTCOME_ATTRIBUTE, value: outcome }]);
    countSwitch(this.input.action, outcome);
    // Versioned: runs recorded before `mode history` existed end without this command.
    if (Object.keys(this.#memo).length > 0 && patched('run-memo')) upsertMemo({ [RUN_MEMO_KEY]: this.#memo });
    this.progress.phase(outcome === 'refused' ? 'refused' : outcome === 'failed' ? 'failed' : outcome === 'cancelled' ? 'cancelled' : 'done');
    if (this.#notify !== undefined && !this.#notify.includes(event)) return;
    const { workflowId, runId } = workflowInfo();
    await handOffNotification({
      event,
      node: this.#node,
      action: this.input.action,
      target: this.input.target,
      from: this.progress.state.from,
      requestedBy: this.input.requestedBy,
      message: `${switchSummary(this.#node, this.progress.state.from, this.input)}: ${detail}`,
      workflowId,
      runId,
      at: Date.now(),
      ...(network?.confirmed && { ip: network.address }),
    });
  }

  async failed(err: unknown, failedStep: string | undefined, rollback: RollbackOutcome | undefined, p: Plan | undefined): Promise<ApplicationFailure> {
    const cause = err instanceof Error && err.cause instanceof ApplicationFailure ? err.cause : err instanceof ApplicationFailure ? err : undefined;
    const { hint, exitCode } = (cause?.details?.[0] ?? {}) as { hint?: string; exitCode?: ExitCode };
    const message = `${failedStep ?? 'switch'} failed: ${failureMessage(err)}`;
    await this.end('failed', rollback && !rollback.error ? 'rolled_back' : 'failed', rollback ? `${message}; ${rollbackText(rollback)}` : message);
    return ApplicationFailure.create({
      type: FailureType.failed,
      message,
      nonRetryable: true,
      details: [
        this.#details(rollback, p, {
          ...(failedStep !== undefined && { failedStep }),
          ...(cause?.type && { causeType: cause.type }),
          ...(hint !== undefined && { hint }),
          ...(exitCode !== undefined && { causeExitCode: exitCode }),
        }),
      ],
      ...(err instanceof Error && { cause: err }),
    });
  }

  /** `done`: the switch's own steps that completed before the cancellation took effect (not the rollback's). */
  async cancelled(done: readonly string[], rollback: RollbackOutcome | undefined): Promise<CancelledFailure> {
    const message = `cancelled on request${done.length > 0 ? ` after: ${done.join('; ')}` : ' before any change'}`;
    this.remember({ cancelled: { message, steps: this.progress.state.steps } });
    await this.end('cancelled', 'cancelled', rollback ? `${message}; ${rollbackText(rollback)}` : message);
    // Ends the run as cancelled (the Web UI shows it so); what was done is in the memo.
    return new CancelledFailure(message);
  }

  #details(rollback: RollbackOutcome | undefined, p: Plan | undefined, extra: Partial<SwitchFailureDetails>): SwitchFailureDetails {
    return { ...extra, ...(rollback && { rollback }), steps: this.progress.state.steps, ...(p && { plan: p }) };
  }
}

const rollbackText = (r: RollbackOutcome): string => (r.error ? `rollback failed too: ${r.error}` : `restored ${r.restored.join(', ') || 'nothing'}`);
