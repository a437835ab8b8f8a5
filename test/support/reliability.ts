import { WorkflowFailedError } from '@temporalio/client';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput, type SwitchResult } from '../../src/contract/switch';
import { TO_MODE_ATTRIBUTE } from '../../src/contract/search-attributes';
import { eventually } from './eventually';
import type { Harness } from './harness';
import { installTestRuntime } from './temporal';
import { runWorker, type RunningWorker } from '../../src/worker/run-worker';

// Helpers of the reliability suite: run a switch through Temporal and read what its history says.

/**
 * A simulator scenario with Proxmox's own PCI check off (as on PVE < 7.1): a second GPU holder is
 * started and recorded as an overlap instead of refused, so Morpheus's guard is the only one and a
 * test that asserts `overlaps == []` can fail.
 */
export const MORPHEUS_GUARD_ONLY = { enforce_pci_reservations: false } as const;

export const switchInput = (target: string, action: SwitchInput['action'] = 'switch'): SwitchInput => ({
  action,
  target,
  force: false,
  requestedBy: 'test:reliability',
});

export const workflowIdOf = (h: Harness): string => switchWorkflowId(h.config.proxmox.node);

export type SwitchRunOutcome =
  | { readonly ok: true; readonly runId: string; readonly ms: number; readonly result: SwitchResult }
  | {
      readonly ok: false;
      readonly runId: string;
      readonly ms: number;
      readonly type: string | undefined;
      readonly message: string;
      readonly causeType: string | undefined;
      /** `type: message` of every failure along the cause chain, outermost first (what the Web UI shows). */
      readonly chain: readonly string[];
    };

/** Starts the host's switch workflow (as the CLI does, minus the CLI) and waits for its end. */
export async function runSwitch(h: Harness, input: SwitchInput): Promise<SwitchRunOutcome> {
  const started = performance.now();
  const handle = await h.client.workflow.start(SWITCH_WORKFLOW_TYPE, {
    workflowId: workflowIdOf(h),
    taskQueue: h.config.temporal.task_queue,
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
  });
  const runId = handle.firstExecutionRunId;
  try {
    const result = (await handle.result()) as SwitchResult;
    return { ok: true, runId, ms: performance.now() - started, result };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const cause = err.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
    const details = cause?.details?.[0] as { causeType?: string } | undefined;
    const chain: string[] = [];
    for (let e: unknown = err.cause, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++)
      chain.push(`${(e as { type?: string }).type ?? e.name}: ${e.message}`);
    return {
      ok: false,
      runId,
      ms: performance.now() - started,
      type: cause?.type,
      message: cause?.message ?? err.message,
      causeType: details?.causeType,
      chain,
    };
  }
}

export interface ActivityRecord {
  readonly type: string;
  attempt: number;
  lastFailure: string | undefined;
  outcome: 'open' | 'completed' | 'failed' | 'timed-out' | 'cancelled';
}

/** Every activity of one run with its attempt count, read from the workflow history. */
export async function activitiesOf(h: Harness, runId: string): Promise<ActivityRecord[]> {
  const history = await h.client.workflow.getHandle(workflowIdOf(h), runId).fetchHistory();
  const byScheduled = new Map<string, ActivityRecord>();
  for (const e of history.events ?? []) {
    const id = String(e.eventId);
    if (e.activityTaskScheduledEventAttributes) {
      byScheduled.set(id, { type: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?', attempt: 0, lastFailure: undefined, outcome: 'open' });
    }
    const started = e.activityTaskStartedEventAttributes;
    if (started) {
      const a = byScheduled.get(String(started.scheduledEventId));
      if (a) {
        a.attempt = started.attempt ?? 1;
        a.lastFailure = started.lastFailure?.message ?? undefined;
      }
    }
    const end =
      (e.activityTaskCompletedEventAttributes && (['completed', e.activityTaskCompletedEventAttributes.scheduledEventId] as const)) ||
      (e.activityTaskFailedEventAttributes && (['failed', e.activityTaskFailedEventAttributes.scheduledEventId] as const)) ||
      (e.activityTaskTimedOutEventAttributes && (['timed-out', e.activityTaskTimedOutEventAttributes.scheduledEventId] as const)) ||
      (e.activityTaskCanceledEventAttributes && (['cancelled', e.activityTaskCanceledEventAttributes.scheduledEventId] as const));
    if (end) {
      const a = byScheduled.get(String(end[1]));
      if (a) a.outcome = end[0];
    }
  }
  return [...byScheduled.values()];
}

/**
 * Starts a worker for the harness's task queue whose Proxmox client uses other credentials (a revoked
 * secret, another token): what a worker deployed with a stale or under-privileged token does.
 */
export function startWorkerWithToken(h: Harness, token: { id?: string; secret: string }): Promise<RunningWorker> {
  installTestRuntime();
  const p = h.config.proxmox;
  return runWorker({ ...h.config, proxmox: { ...p, api_token_id: token.id ?? p.api_token_id, api_token_secret: token.secret } });
}

/** The VMs the simulator reports running, sorted. */
export async function runningVms(h: Harness): Promise<number[]> {
  return (await h.sim.control.state()).vms
    .filter((v) => v.status === 'running')
    .map((v) => v.vmid)
    .sort((a, b) => a - b);
}

/** An activity the running switch is retrying or running, as `describe()` reports it. */
export interface PendingActivity {
  readonly type: string;
  readonly attempt: number;
  readonly lastFailure: string | undefined;
}

/** Resolves with the first pending activity of the running switch that satisfies `ready` (polled every 50 ms). */
export function pendingWhen(h: Harness, ready: (a: PendingActivity) => boolean, timeoutMs = 60_000): Promise<PendingActivity> {
  const handle = h.client.workflow.getHandle(workflowIdOf(h));
  let seen: PendingActivity[] = [];
  return eventually(
    async () => {
      const d = await handle.describe().catch(() => undefined);
      seen = (d?.raw.pendingActivities ?? []).map((p) => ({
        type: p.activityType?.name ?? '?',
        attempt: p.attempt ?? 1,
        lastFailure: p.lastFailure?.message ?? undefined,
      }));
      return seen.find(ready);
    },
    { timeoutMs, what: () => `the expected pending activity; last seen: ${JSON.stringify(seen)}` },
  );
}

/** One closed run of the host's workflow, from the visibility store. */
export interface ClosedRun {
  readonly runId: string;
  readonly status: string;
  readonly startTime: Date;
  readonly closeTime: Date;
  /** The MorpheusToMode search attribute the CLI sets at start. */
  readonly target: string;
}

/**
 * Every run of `workflowId`, oldest first, once all are closed and two listings 300 ms apart agree
 * (the visibility store may lag a closing run by a moment).
 */
export async function closedRuns(h: Harness, workflowId: string, timeoutMs = 30_000): Promise<ClosedRun[]> {
  let previous = '';
  return eventually(
    async () => {
      const runs: ClosedRun[] = [];
      let open = 0;
      for await (const w of h.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
        if (!w.closeTime) {
          open++;
          continue;
        }
        runs.push({
          runId: w.runId,
          status: w.status.name,
          startTime: w.startTime,
          closeTime: w.closeTime,
          target: String(w.typedSearchAttributes.get(TO_MODE_ATTRIBUTE) ?? ''),
        });
      }
      runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
      const key = `${open}:${runs.map((r) => `${r.runId}/${r.status}`).join(',')}`;
      const settled = open === 0 && key === previous;
      previous = key;
      return settled ? runs : undefined;
    },
    { timeoutMs, everyMs: 300, what: () => `the runs of ${workflowId} to settle: ${previous}` },
  );
}
