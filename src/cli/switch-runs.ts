import type { WorkflowHandle } from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import { outcomeOfFailure } from '../contract/run-end';
import { FROM_MODE_ATTRIBUTE, fromModesOf, HOST_ATTRIBUTE, REQUESTED_BY_ATTRIBUTE, TO_MODE_ATTRIBUTE } from '../contract/search-attributes';
import {
  progressQuery,
  REQUEST_MEMO_KEY,
  RUN_MEMO_KEY,
  SWITCH_WORKFLOW_TYPE,
  switchWorkflowId,
  type RequestMemo,
  type RunMemo,
  type SwitchFailureDetails,
  type SwitchInput,
  type SwitchProgress,
  type SwitchResult,
} from '../contract/switch';
import type { TemporalSession } from './temporal-session';

/** A switch run of one host, as Temporal describes it. */
export interface SwitchRun {
  readonly workflowId: string;
  readonly runId: string;
  readonly status: string;
  readonly startTime: Date;
  readonly closeTime: Date | undefined;
  readonly summary: string | undefined;
  /** The modes that ran when it began (its MorpheusFromMode), once it has observed the host. */
  readonly from: readonly string[] | undefined;
  /** What was asked, from the run's memo and search attributes; undefined for runs that carry none. */
  readonly request: Pick<SwitchInput, 'action' | 'target' | 'requestedBy'> | undefined;
  readonly handle: WorkflowHandle;
}

/** How a closed run ended: its result, or its failure's (or cancellation's) type, message and details. */
export type SwitchOutcome =
  | { readonly kind: 'completed'; readonly result: SwitchResult }
  | { readonly kind: 'failed'; readonly type: string | undefined; readonly message: string; readonly details: unknown }
  | { readonly kind: 'cancelled'; readonly message: string; readonly details: unknown };

/** The latest run of the host's switch workflow (running or not), if there ever was one. */
export async function latestSwitch(session: TemporalSession, node: string): Promise<SwitchRun | undefined> {
  const { WorkflowNotFoundError } = require('@temporalio/client') as typeof import('@temporalio/client');
  const handle = session.client.workflow.getHandle(switchWorkflowId(node));
  try {
    const d = await handle.describe();
    return {
      workflowId: d.workflowId,
      runId: d.runId,
      status: d.status.name,
      startTime: d.startTime,
      closeTime: d.closeTime,
      summary: await d.staticSummary(),
      from: fromModesOf(d.typedSearchAttributes.get(FROM_MODE_ATTRIBUTE)),
      request: requestFromMemo(d.memo, d.typedSearchAttributes),
      handle: session.client.workflow.getHandle(d.workflowId, d.runId),
    };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

function requestFromMemo(memo: Record<string, unknown> | undefined, sa: TypedSearchAttributes): SwitchRun['request'] {
  const action = (memo?.[REQUEST_MEMO_KEY] as RequestMemo | undefined)?.action;
  const target = sa.get(TO_MODE_ATTRIBUTE);
  return action && target ? { action, target, requestedBy: sa.get(REQUESTED_BY_ATTRIBUTE) ?? 'unknown' } : undefined;
}

/**
 * Asks the host's running switch to stop (between steps; the rollback rules apply) and returns it;
 * undefined when none runs. `mode cancel` and Home Assistant's Cancel switch button both use it.
 */
export async function cancelRunning(session: TemporalSession, node: string): Promise<SwitchRun | undefined> {
  const run = await latestSwitch(session, node);
  if (!run || run.status !== 'RUNNING') return undefined;
  await run.handle.cancel();
  return run;
}

/** The run's live progress; undefined when no worker answers in time (queries need one). */
export async function queryProgress(session: TemporalSession, run: SwitchRun, timeoutMs = 3_000): Promise<SwitchProgress | undefined> {
  try {
    return await session.client.connection.withDeadline(Date.now() + timeoutMs, () => run.handle.query(progressQuery));
  } catch {
    return undefined;
  }
}

/** What a run was asked to do: from its progress when a worker answers, else from its memo. */
export async function requestOf(session: TemporalSession, run: SwitchRun): Promise<SwitchInput> {
  const progress = await queryProgress(session, run);
  return progress?.input ?? { ...(run.request ?? { action: 'switch', target: '?', requestedBy: 'unknown' }), force: false };
}

/** Waits for a run to close and says how it ended. */
export async function outcomeOf(run: Pick<SwitchRun, 'handle'>): Promise<SwitchOutcome> {
  const { WorkflowFailedError } = require('@temporalio/client') as typeof import('@temporalio/client');
  try {
    return { kind: 'completed', result: (await run.handle.result()) as SwitchResult };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const cause = err.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
    const message = cause?.message ?? err.message;
    if (outcomeOfFailure(err.cause) === 'cancelled') {
      // A cancelled run carries no details: it keeps what it had done in its memo.
      const memo = (await run.handle.describe()).memo?.[RUN_MEMO_KEY] as RunMemo | undefined;
      const details: SwitchFailureDetails = { steps: memo?.cancelled?.steps ?? [], ...(memo?.rollback && { rollback: memo.rollback }) };
      return { kind: 'cancelled', message: memo?.cancelled?.message ?? message, details };
    }
    return { kind: 'failed', type: cause?.type, message, details: cause?.details?.[0] };
  }
}

/** True when some worker polled the task queue recently; a switch without one would never start. */
export async function workerIsPolling(session: TemporalSession): Promise<boolean> {
  const response = await session.client.workflowService.describeTaskQueue({
    namespace: session.options.namespace,
    // TASK_QUEUE_KIND_NORMAL and TASK_QUEUE_TYPE_WORKFLOW (the proto enums' value 1).
    taskQueue: { name: session.options.taskQueue, kind: 1 },
    taskQueueType: 1,
  });
  // A worker long-polls for a minute at a time; older entries are workers that went away.
  const recent = Date.now() - 90_000;
  return (response.pollers ?? []).some((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= recent);
}

/** Waits (up to `timeoutMs`) until a worker polls the task queue: one just started has not polled yet. */
export async function untilWorkerPolls(session: TemporalSession, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await workerIsPolling(session))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export interface StartMeta {
  readonly summary: string;
  readonly details: string;
}

/** Starts a switch; when the host already has one running, returns that run instead. */
export async function startSwitch(
  session: TemporalSession,
  node: string,
  input: SwitchInput,
  meta: StartMeta,
): Promise<{ started: SwitchRun } | { busy: SwitchRun }> {
  const { WorkflowExecutionAlreadyStartedError } = require('@temporalio/client') as typeof import('@temporalio/client');
  try {
    const handle = await session.client.workflow.start(SWITCH_WORKFLOW_TYPE, {
      workflowId: switchWorkflowId(node),
      taskQueue: session.options.taskQueue,
      args: [input],
      // The server, not a lock file, serializes transitions: a second start while one runs fails.
      workflowIdConflictPolicy: 'FAIL',
      staticSummary: meta.summary,
      staticDetails: meta.details,
      memo: { [REQUEST_MEMO_KEY]: { action: input.action } },
      typedSearchAttributes: [
        { key: HOST_ATTRIBUTE, value: node },
        { key: TO_MODE_ATTRIBUTE, value: input.target },
        { key: REQUESTED_BY_ATTRIBUTE, value: input.requestedBy },
      ],
    });
    return {
      started: {
        workflowId: handle.workflowId,
        runId: handle.firstExecutionRunId,
        status: 'RUNNING',
        startTime: new Date(),
        closeTime: undefined,
        summary: meta.summary,
        from: undefined,
        request: { action: input.action, target: input.target, requestedBy: input.requestedBy },
        handle,
      },
    };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const busy = await latestSwitch(session, node);
    if (!busy) throw err;
    return { busy };
  }
}
