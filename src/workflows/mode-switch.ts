import { ApplicationFailure, defineQuery, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities, NetworkOutcome, Observation } from '../activities';
import { FailureType } from '../shared/failure-types';
import { refusalSummary } from '../modes/describe';
import type { Plan, PlanStep } from '../modes/plan';
import { plan as planRequest, rollbackSteps } from '../modes/planner';
import { quick, waiting } from './activity-options';
import { PROGRESS_QUERY, type RollbackOutcome, type SwitchFailureDetails, type SwitchInput, type SwitchProgress, type SwitchResult } from './contract';
import { countSwitch } from './metrics';
import { Progress } from './progress';
import { FROM_MODE_ATTRIBUTE, OUTCOME_ATTRIBUTE } from './search-attributes';
import { stopVm } from './stop-vm';

export const progressQuery = defineQuery<SwitchProgress>(PROGRESS_QUERY);

const OUTCOME = { switch: 'switched', start: 'started', stop: 'stopped' } as const;

/**
 * One mode transition of one host: observe, plan (pure), then run the plan's steps, each a visible
 * activity or timer. If the target fails to start after other modes were stopped, those modes are
 * restored (unless rollback is off) and both outcomes are reported.
 */
export async function modeSwitchWorkflow(input: SwitchInput): Promise<SwitchResult> {
  const progress = new Progress(input);
  setHandler(progressQuery, () => progress.state);

  let observation: Observation;
  try {
    observation = await progress.step('observe', 'Observing the host', () => proxyActivities<Activities>(quick('Observe the host: VM states and passthrough')).observe());
  } catch (err) {
    // A bad token or an unreachable host fails here: report it with its cause type, like any step.
    finish(progress, 'failed');
    throw switchFailure(err, 'Observing the host', undefined, progress, undefined);
  }
  const p = planRequest(observation.modes, observation.snapshot, input);
  progress.state.plan = p;
  progress.state.from = p.running;
  upsertSearchAttributes([{ key: FROM_MODE_ATTRIBUTE, value: p.running.join(',') || 'none' }]);

  if (p.kind === 'refused') {
    finish(progress, 'refused');
    throw ApplicationFailure.create({ type: FailureType.refused, message: refusalSummary(p), nonRetryable: true, details: [p] });
  }
  if (p.kind === 'noop') {
    finish(progress, 'noop');
    return { outcome: 'noop', input, from: p.running, reason: p.reason, steps: progress.state.steps, plan: p };
  }

  progress.phase('running');
  const stopped: string[] = [];
  let network: NetworkOutcome | undefined;
  let targetRunning = false;
  try {
    for (const step of p.steps) {
      const outcome = await runStep(step, progress);
      if (step.kind === 'stop') stopped.push(step.mode);
      if (step.kind === 'start') targetRunning = true;
      if (step.kind === 'wait-network') network = outcome as NetworkOutcome;
    }
  } catch (err) {
    const failed = progress.state.steps.find((s) => s.status === 'failed');
    // Restore only when every stop is done and the target did not come up: the host would be dark.
    const allStopsDone = p.steps.filter((s) => s.kind === 'stop').every((s) => stopped.includes(s.mode));
    const wanted = allStopsDone && !targetRunning && stopped.length > 0 && (input.rollback ?? observation.rollback);
    const rollback = wanted ? await restore(stopped, observation, progress) : undefined;
    finish(progress, 'failed');
    throw switchFailure(err, failed?.label, rollback, progress, p);
  }
  finish(progress, OUTCOME[input.action]);
  return { outcome: OUTCOME[input.action], input, from: p.running, ...(network && { network }), steps: progress.state.steps, plan: p };
}

async function runStep(step: PlanStep, progress: Progress): Promise<unknown> {
  const name = `${step.mode} (VM ${step.vmid})`;
  const vm = { vmid: step.vmid, mode: step.mode };
  switch (step.kind) {
    case 'stop':
      return progress.step(`stop:${step.vmid}`, `Shutting down ${name}`, async (record) => {
        const note = await stopVm(step);
        if (note) record.detail = note;
      });
    case 'verify-gpu-free':
      return progress.step(`gpu:${step.vmid}`, 'Checking the GPU is free', () => proxyActivities<Activities>(quick(`Verify the GPU is free for ${name}`)).verifyGpuFree(vm));
    case 'start':
      return progress.step(`start:${step.vmid}`, `Starting ${name}`, async () => {
        await proxyActivities<Activities>(waiting(`Start ${name}`, step.startTimeoutMs)).startVm({ ...vm, timeoutMs: step.startTimeoutMs });
        await proxyActivities<Activities>(waiting(`Verify ${name} is running`, step.startTimeoutMs)).verifyRunning({ ...vm, timeoutMs: step.startTimeoutMs });
      });
    case 'wait-network': {
      const timeoutMs = step.network.wait === 'none' ? 0 : step.network.timeoutMs;
      return progress.step(`network:${step.vmid}`, 'Waiting for network', async (record) => {
        const outcome = await proxyActivities<Activities>(waiting(`Wait for the network of ${name}`, timeoutMs)).waitForNetwork({ vmid: step.vmid, network: step.network });
        record.detail = outcome.confirmed ? `${outcome.via === 'agent' ? 'IP' : 'port'} ${outcome.address}` : outcome.reason;
        return outcome;
      });
    }
  }
}

/** Brings back the modes a failed switch stopped; its own failure is reported, not thrown. */
async function restore(stopped: readonly string[], observation: Observation, progress: Progress): Promise<RollbackOutcome> {
  progress.phase('rolling-back');
  const restored: string[] = [];
  try {
    for (const step of rollbackSteps(stopped, observation.modes, observation.snapshot)) {
      await runStep(step, progress);
      if (step.kind === 'start') restored.push(step.mode);
    }
    return { restored };
  } catch (err) {
    return { restored, error: messageOf(err) };
  }
}

function switchFailure(err: unknown, failedStep: string | undefined, rollback: RollbackOutcome | undefined, progress: Progress, p: Plan | undefined): ApplicationFailure {
  const cause = err instanceof Error && err.cause instanceof ApplicationFailure ? err.cause : err instanceof ApplicationFailure ? err : undefined;
  const hint = (cause?.details?.[0] as { hint?: string } | undefined)?.hint;
  const details: SwitchFailureDetails = {
    ...(failedStep !== undefined && { failedStep }),
    ...(cause?.type && { causeType: cause.type }),
    ...(hint !== undefined && { hint }),
    ...(rollback && { rollback }),
    steps: progress.state.steps,
    ...(p && { plan: p }),
  };
  const restoredText = rollback === undefined ? '' : rollback.error ? `; rollback failed too: ${rollback.error}` : `; restored ${rollback.restored.join(', ')}`;
  return ApplicationFailure.create({
    type: FailureType.failed,
    message: `${failedStep ?? 'switch'} failed: ${messageOf(err)}${restoredText}`,
    nonRetryable: true,
    details: [details],
    ...(err instanceof Error && { cause: err }),
  });
}

const messageOf = (err: unknown): string => (err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err));

function finish(progress: Progress, outcome: string): void {
  upsertSearchAttributes([{ key: OUTCOME_ATTRIBUTE, value: outcome }]);
  countSwitch(progress.state.input.action, outcome);
  progress.phase(outcome === 'refused' ? 'refused' : outcome === 'failed' ? 'failed' : 'done');
}
