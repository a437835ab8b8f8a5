import { ExitCode } from '../../errors';
import type { CliContext } from '../context';
import { cancelRunning, requestOf } from '../switch-runs';
import { follow } from './mode-change';

/**
 * `mode cancel`: asks the host's running switch to stop. It stops between steps: a shutdown already
 * requested or a start already issued completes, nothing further starts, and the rollback rules
 * apply. Then it watches the switch to its end (unless --no-wait) and prints what was done.
 */
export async function modeCancel(ctx: CliContext, o: { wait?: boolean; json?: boolean }): Promise<ExitCode> {
  const session = await ctx.temporal();
  const run = await cancelRunning(session, ctx.node);
  if (!run) {
    ctx.out(o.json ? JSON.stringify({ outcome: 'none-running' }, null, 2) : `No switch is running on ${ctx.node}; nothing to cancel.`);
    return ExitCode.ok;
  }
  if (o.wait === false) {
    ctx.out(o.json ? JSON.stringify({ outcome: 'cancel-requested', workflow_id: run.workflowId, run_id: run.runId }, null, 2) : `Cancellation requested for ${run.summary ?? run.workflowId}; it stops after the step under way. Watch it: morpheus mode watch`);
    return ExitCode.ok;
  }
  if (!o.json) ctx.out(`Cancelling ${run.summary ?? run.workflowId}: the step under way completes, nothing further starts...`);
  const code = await follow(ctx, session, run, await requestOf(session, run), o);
  // The cancellation is what was asked for: it ending so is success here.
  return code === ExitCode.cancelled ? ExitCode.ok : code;
}
