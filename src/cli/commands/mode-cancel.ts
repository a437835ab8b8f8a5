import { ExitCode } from '../../errors';
import type { CliContext } from '../context';
import { commandDeps } from '../deps';
import { present, type View } from '../output';
import { switchCommandView } from '../render/switch-views';
import { followSwitch, type Followed } from '../switch/follow';
import { cancelRunning, requestOf, type SwitchRun } from '../switch-runs';

type CancelResult = { readonly kind: 'none-running'; readonly node: string } | { readonly kind: 'requested'; readonly run: SwitchRun } | Followed;

const cancelView: View<CancelResult> = {
  text: (r, c) => {
    if (r.kind === 'none-running') return [`No switch is running on ${r.node}; nothing to cancel.`];
    if (r.kind === 'requested')
      return [`Cancellation requested for ${r.run.summary ?? r.run.workflowId}; it stops after the step under way. Watch it: morpheus mode watch`];
    return switchCommandView.text(r, c);
  },
  json: (r) => {
    if (r.kind === 'none-running') return { outcome: 'none-running' };
    if (r.kind === 'requested') return { outcome: 'cancel-requested', workflow_id: r.run.workflowId, run_id: r.run.runId };
    return switchCommandView.json(r);
  },
  // The cancellation is what was asked for: the switch ending so is success here.
  exitCode: (r) =>
    r.kind === 'none-running' || r.kind === 'requested'
      ? ExitCode.ok
      : r.kind === 'closed' && r.outcome.kind === 'cancelled'
        ? ExitCode.ok
        : switchCommandView.exitCode(r),
};

/**
 * `mode cancel`: asks the host's running switch to stop. It stops between steps: a shutdown already
 * requested or a start already issued completes, nothing further starts, and the rollback rules
 * apply. Then it watches the switch to its end (unless --no-wait) and prints what was done.
 */
export async function runModeCancel(ctx: CliContext, o: { wait?: boolean; json?: boolean }): Promise<ExitCode> {
  const deps = commandDeps(ctx);
  const session = await deps.temporal();
  const run = await cancelRunning(session, deps.node);
  let result: CancelResult;
  if (!run) result = { kind: 'none-running', node: deps.node };
  else {
    if (o.wait === false) result = { kind: 'requested', run };
    else {
      if (!o.json) ctx.out(`Cancelling ${run.summary ?? run.workflowId}: the step under way completes, nothing further starts...`);
      result = await followSwitch(deps, session, run, await requestOf(session, run), ctx, Boolean(o.json));
    }
  }
  return present(ctx, cancelView, result, o.json);
}
