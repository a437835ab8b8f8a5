import { Context, heartbeat } from '@temporalio/activity';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { outcomeOfFailure } from '../contract/run-end';
import type { HoldInput, RunningSwitch, SwitchEnd } from '../contract/scheduled';
import { resumeHeld } from '../schedules/schedule-store';
import { progressQuery, switchWorkflowId, type SwitchResult } from '../contract/switch';

// Activities that talk to Temporal itself (through the worker's own client), for the scheduled
// workflow and the schedule hold: they read and wait on runs, and resume schedules. No VM is touched.

export function coordinationActivities() {
  const client = () => Context.current().client;

  return {
    /** The host's running switch, with what it does when its progress query answers; undefined when none runs. */
    async runningSwitch(args: { node: string }): Promise<RunningSwitch | undefined> {
      const handle = client().workflow.getHandle(switchWorkflowId(args.node));
      let run: { workflowId: string; runId: string };
      try {
        const d = await handle.describe();
        if (d.status.name !== 'RUNNING') return undefined;
        run = { workflowId: d.workflowId, runId: d.runId };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
      try {
        const progress = await client().workflow.getHandle(run.workflowId, run.runId).query(progressQuery);
        return { ...run, action: progress.input.action, target: progress.input.target, requestedBy: progress.input.requestedBy };
      } catch {
        return run;
      }
    },

    /** Waits (heartbeating) until a switch run closes, or `timeoutMs` passes; says how it ended. */
    async awaitSwitchEnd(args: { node: string; workflowId: string; runId: string; timeoutMs?: number }): Promise<SwitchEnd> {
      const workflows = client().workflow;
      const stop = new AbortController();
      const ended = workflows
        .withAbortSignal(stop.signal, () => workflows.getHandle(args.workflowId, args.runId).result())
        .then(
          (r: SwitchResult): SwitchEnd => ({ closed: true, outcome: r.outcome, ...(r.reason !== undefined && { reason: r.reason }) }),
          (err: unknown): SwitchEnd => {
            if (!(err instanceof WorkflowFailedError)) throw err;
            return { closed: true, outcome: outcomeOfFailure(err.cause), reason: err.cause?.message ?? err.message };
          },
        );
      const ticker = setInterval(() => heartbeat(), 2_000);
      let timer: NodeJS.Timeout | undefined;
      try {
        const timedOut = new Promise<SwitchEnd>((resolve) => {
          if (args.timeoutMs !== undefined) timer = setTimeout(() => resolve({ closed: false }), args.timeoutMs);
        });
        // Rejects when the scheduled workflow is cancelled (heartbeats carry the cancellation here).
        return await Promise.race([ended, timedOut, Context.current().cancelled]);
      } finally {
        clearInterval(ticker);
        clearTimeout(timer);
        stop.abort();
        ended.catch(() => undefined);
      }
    },

    /** The end of a hold: resumes the schedules it paused that nobody touched since. */
    async resumeSchedules(hold: HoldInput): Promise<{ resumed: readonly string[] }> {
      return { resumed: await resumeHeld(client(), hold) };
    },
  };
}
