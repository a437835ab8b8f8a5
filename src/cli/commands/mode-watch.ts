import { ExitCode } from '../../errors';
import type { CliContext } from '../context';
import { commandDeps } from '../deps';
import { present, type View } from '../output';
import { switchCommandView } from '../render/switch-views';
import { followSwitch, type Followed } from '../switch/follow';
import { latestSwitch, requestOf, type SwitchRun } from '../switch-runs';

type WatchResult = { readonly kind: 'none-running'; readonly node: string; readonly last: SwitchRun | undefined } | Followed;

const watchView: View<WatchResult> = {
  text: (r, c) =>
    r.kind === 'none-running'
      ? [
          `No switch is running on ${r.node}.${r.last ? ` The last one (${r.last.summary ?? r.last.runId}) is ${r.last.status.toLowerCase()}; see morpheus mode status.` : ''}`,
        ]
      : switchCommandView.text(r, c),
  json: (r) =>
    r.kind === 'none-running'
      ? { outcome: 'none-running', last: r.last ? { workflow_id: r.last.workflowId, run_id: r.last.runId, status: r.last.status.toLowerCase() } : null }
      : switchCommandView.json(r),
  exitCode: (r) => (r.kind === 'none-running' ? ExitCode.ok : switchCommandView.exitCode(r)),
};

/** `mode watch`: attach to the host's running switch (after Ctrl-C, or from another terminal). */
export async function runModeWatch(ctx: CliContext, o: { json?: boolean }): Promise<ExitCode> {
  const deps = commandDeps(ctx);
  const session = await deps.temporal();
  const run = await latestSwitch(session, deps.node);
  const result: WatchResult =
    run?.status === 'RUNNING'
      ? await followSwitch(deps, session, run, await requestOf(session, run), ctx, Boolean(o.json))
      : { kind: 'none-running', node: deps.node, last: run };
  return present(ctx, watchView, result, o.json);
}
