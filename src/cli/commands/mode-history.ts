import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { parseDuration } from '../../config/duration';
import type { RunOutcome } from '../../contract/scheduled';
import { UsageError } from '../../errors';
import { REQUEST_MEMO_KEY, RUN_MEMO_KEY, SWITCH_WORKFLOW_TYPE, type RequestMemo, type RunMemo } from '../../contract/switch';
import { SCHEDULED_WORKFLOW_TYPE } from '../../contract/scheduled';
import { FROM_MODE_ATTRIBUTE, fromModesOf, OUTCOME_ATTRIBUTE, REQUESTED_BY_ATTRIBUTE, TO_MODE_ATTRIBUTE } from '../../contract/search-attributes';

export interface HistoryOptions {
  readonly limit?: number;
  /** How far back, as a duration: "7d", "12h". */
  readonly since?: string;
}

/** One past (or running) transition of the host, or a scheduled fire that was skipped. */
export interface HistoryEntry {
  readonly workflowId: string;
  readonly runId: string;
  readonly startedAt: Date;
  readonly closedAt: Date | undefined;
  readonly action: string | undefined;
  readonly from: readonly string[] | undefined;
  readonly to: string | undefined;
  readonly requestedBy: string | undefined;
  /** The recorded outcome; else the run's status (`running`, `terminated`, `timed_out`). */
  readonly outcome: RunOutcome | string;
  readonly memo: RunMemo;
}

export interface HistoryDeps {
  readonly client: Client;
  readonly node: string;
  readonly now: () => Date;
}

/** `mode history`: the host's switches from Temporal's visibility, newest first, one request. */
export async function modeHistory(deps: HistoryDeps, o: HistoryOptions): Promise<{ node: string; entries: HistoryEntry[] }> {
  const limit = o.limit ?? 20;
  let since = '';
  if (o.since !== undefined) {
    const ms = parseDuration(o.since);
    if (ms === undefined || !/[a-z]$/.test(o.since)) throw new UsageError(`--since "${o.since}": expected a duration like "7d", "12h" or "30m"`);
    since = ` AND StartTime >= '${new Date(deps.now().getTime() - ms).toISOString()}'`;
  }
  // Switch runs, and the scheduled fires that never became one; node names are [A-Za-z0-9-], safe to quote.
  const query = `MorpheusHost = '${deps.node}' AND (WorkflowType = '${SWITCH_WORKFLOW_TYPE}' OR (WorkflowType = '${SCHEDULED_WORKFLOW_TYPE}' AND MorpheusOutcome = 'skipped'))${since}`;
  const entries: HistoryEntry[] = [];
  for await (const run of deps.client.workflow.list({ query, pageSize: limit })) {
    entries.push(entryOf(run));
    if (entries.length >= limit) break;
  }
  return { node: deps.node, entries };
}

function entryOf(run: WorkflowExecutionInfo): HistoryEntry {
  const sa = run.typedSearchAttributes;
  const request = run.memo?.[REQUEST_MEMO_KEY] as RequestMemo | undefined;
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    startedAt: run.startTime,
    closedAt: run.closeTime,
    action: request?.action,
    from: fromModesOf(sa.get(FROM_MODE_ATTRIBUTE)),
    to: sa.get(TO_MODE_ATTRIBUTE),
    requestedBy: sa.get(REQUESTED_BY_ATTRIBUTE),
    outcome: sa.get(OUTCOME_ATTRIBUTE) ?? run.status.name.toLowerCase(),
    memo: (run.memo?.[RUN_MEMO_KEY] as RunMemo | undefined) ?? {},
  };
}
