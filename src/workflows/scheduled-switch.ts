import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  type ChildWorkflowHandle,
  ChildWorkflowFailure,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { outcomeOfFailure } from '../contract/run-end';
import type { RunningSwitch, ScheduledSwitchInput, ScheduledSwitchResult } from '../contract/scheduled';
import { quick, waiting } from './activity-options';
import { REQUEST_MEMO_KEY, RUN_MEMO_KEY, switchWorkflowId, type SwitchInput } from '../contract/switch';
import { modeSwitchWorkflow } from './mode-switch';
import { handOffNotification } from './notify';
import { HOST_ATTRIBUTE, OUTCOME_ATTRIBUTE, REQUESTED_BY_ATTRIBUTE, TO_MODE_ATTRIBUTE } from '../contract/search-attributes';

const human = (ms: number): string => (ms < 1_000 ? `${ms}ms` : ms < 60_000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms / 60_000)} min`);

/**
 * What a Temporal Schedule starts. Schedules append the fire time to the workflow id, so the switch
 * itself runs as a child under the host's one id, `morpheus-switch-<node>`, exactly like a switch
 * from the CLI. A fire that finds the host busy attaches to a running switch with the same target,
 * else waits for it to end (up to `maxWaitMs`) and then runs; past that it is skipped, with the reason.
 * A fire that reaches a worker later than its catch-up window (the worker was down) is skipped too.
 */
export async function scheduledSwitchWorkflow(input: ScheduledSwitchInput): Promise<ScheduledSwitchResult> {
  const late = Date.now() - workflowInfo().startTime.getTime();
  if (late > input.catchupWindowMs) {
    return finish(input, {
      outcome: 'skipped',
      attached: false,
      reason: `it reached a worker ${human(late)} after it fired, past its ${human(input.catchupWindowMs)} catch-up window`,
    });
  }
  // A switch is bounded by its own timeouts, well under an hour; the wait heartbeats meanwhile.
  const coordination = proxyActivities<Activities>(waiting('Wait for the running switch of the host to end', 3_600_000));
  const deadline = Date.now() + input.maxWaitMs;
  for (;;) {
    const started = await startSwitch(input);
    if (started) return finish(input, await childOutcome(started));
    const running = await proxyActivities<Activities>(quick('Find the running switch of the host')).runningSwitch({ node: input.node });
    if (running && running.action === input.action && running.target === input.target) {
      const end = await coordination.awaitSwitchEnd({ node: input.node, workflowId: running.workflowId, runId: running.runId });
      return finish(input, { outcome: end.outcome ?? 'failed', attached: true, switchRun: running, ...(end.reason !== undefined && { reason: end.reason }) });
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return finish(input, { outcome: 'skipped', attached: false, reason: `${busyText(running)} was still running after waiting ${human(input.maxWaitMs)}` });
    }
    if (running) await coordination.awaitSwitchEnd({ node: input.node, workflowId: running.workflowId, runId: running.runId, timeoutMs: remaining });
  }
}

const busyText = (r: RunningSwitch | undefined): string =>
  r?.target ? `a ${r.action ?? 'switch'} to ${r.target}${r.requestedBy ? ` (requested by ${r.requestedBy})` : ''}` : 'another switch of the host';

type Started = ChildWorkflowHandle<typeof modeSwitchWorkflow>;

/** Starts the switch under the host's id; undefined when one is already running there. */
async function startSwitch(input: ScheduledSwitchInput): Promise<Started | undefined> {
  const requestedBy = `schedule:${input.schedule}`;
  const args: SwitchInput = { action: input.action, target: input.target, force: input.force, requestedBy };
  try {
    return await startChild(modeSwitchWorkflow, {
      workflowId: switchWorkflowId(input.node),
      args: [args],
      // The switch outlives a cancelled or terminated fire: it never stops halfway for that reason.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `${input.node}: ${input.action} ${input.target} (schedule ${input.schedule})`,
      memo: { [REQUEST_MEMO_KEY]: { action: input.action } },
      typedSearchAttributes: [
        { key: HOST_ATTRIBUTE, value: input.node },
        { key: TO_MODE_ATTRIBUTE, value: input.target },
        { key: REQUESTED_BY_ATTRIBUTE, value: requestedBy },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw err;
  }
}

async function childOutcome(child: Started): Promise<ScheduledSwitchResult> {
  const switchRun = { workflowId: child.workflowId, runId: child.firstExecutionRunId };
  try {
    const result = await child.result();
    return { outcome: result.outcome, attached: false, switchRun, ...(result.reason !== undefined && { reason: result.reason }) };
  } catch (err) {
    const cause = err instanceof ChildWorkflowFailure ? err.cause : err;
    return { outcome: outcomeOfFailure(cause), attached: false, switchRun, reason: cause instanceof Error ? cause.message : String(cause) };
  }
}

/** Records the fire's outcome where `schedule show` and `mode history` read it, and notifies a skip. */
async function finish(input: ScheduledSwitchInput, result: ScheduledSwitchResult): Promise<ScheduledSwitchResult> {
  upsertSearchAttributes([{ key: OUTCOME_ATTRIBUTE, value: result.outcome }]);
  if (result.reason !== undefined) upsertMemo({ [RUN_MEMO_KEY]: { reason: result.reason } });
  if (result.outcome === 'skipped') {
    const { workflowId, runId } = workflowInfo();
    await handOffNotification({
      event: 'skipped',
      node: input.node,
      action: input.action,
      target: input.target,
      from: [],
      requestedBy: `schedule:${input.schedule}`,
      message: `${input.node}: scheduled ${input.action} to ${input.target} (${input.schedule}) skipped: ${result.reason}`,
      workflowId,
      runId,
      at: Date.now(),
    });
  }
  return result;
}
