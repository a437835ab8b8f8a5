import { webUiUrl } from '../temporal/web-ui-url';
import { modeHistory, type HistoryOptions } from './commands/mode-history';
import type { CliContext } from './context';
import { present } from './output';
import { historyView } from './render/history';
import type { ExitCode } from '../errors';

/** Wires `mode history` to the context: Temporal, the host, the Web UI links, the output. */
export async function runModeHistory(ctx: CliContext, o: HistoryOptions & { json?: boolean }): Promise<ExitCode> {
  const session = await ctx.temporal();
  const result = await modeHistory({ client: session.client, node: ctx.node, now: () => new Date() }, o);
  const webUi = (e: { workflowId: string; runId: string }) => webUiUrl(session.options, e.workflowId, e.runId, ctx.io.env);
  return present(ctx, historyView, { ...result, webUi }, o.json);
}
