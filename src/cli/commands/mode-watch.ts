import { jsonText } from '../render/json';
import { ExitCode } from '../../errors';
import type { CliContext } from '../context';
import { latestSwitch, requestOf } from '../switch-runs';
import { follow } from './mode-change';

/** `mode watch`: attach to the host's running switch (after Ctrl-C, or from another terminal). */
export async function modeWatch(ctx: CliContext, opts: { json?: boolean }): Promise<ExitCode> {
  const session = await ctx.temporal();
  const run = await latestSwitch(session, ctx.node);
  if (!run || run.status !== 'RUNNING') {
    if (opts.json) ctx.out(jsonText({ outcome: 'none-running', last: run ? { workflow_id: run.workflowId, run_id: run.runId, status: run.status.toLowerCase() } : null }));
    else ctx.out(`No switch is running on ${ctx.node}.${run ? ` The last one (${run.summary ?? run.runId}) is ${run.status.toLowerCase()}; see morpheus mode status.` : ''}`);
    return ExitCode.ok;
  }
  return follow(ctx, session, run, await requestOf(session, run), opts);
}
