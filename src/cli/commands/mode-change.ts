import type { ExitCode } from '../../errors';
import type { Action } from '../../modes/types';
import type { CliContext } from '../context';
import { commandDeps } from '../deps';
import { present } from '../output';
import { dryRunView, switchCommandView } from '../render/switch-views';
import { dryRun } from '../switch/dry-run';
import { followSwitch } from '../switch/follow';
import { switchRequest } from '../switch/request';
import { requestSwitch } from '../switch/request-switch';

export interface ModeChangeOptions {
  readonly dryRun?: boolean;
  readonly force?: boolean;
  /** --queue: when another switch runs, wait for it to end, then run this one. */
  readonly queue?: boolean;
  /** false with --no-wait: start the switch and return at once. */
  readonly follow?: boolean;
  readonly rollback?: boolean;
  readonly json?: boolean;
}

/** `mode switch|start|stop <mode>`: wiring only; the work is in src/cli/switch, the words in the views. */
export async function runModeChange(ctx: CliContext, action: Action, target: string, o: ModeChangeOptions): Promise<ExitCode> {
  const deps = commandDeps(ctx);
  const input = switchRequest(deps, action, target, o);
  if (o.dryRun) return present(ctx, dryRunView, await dryRun(deps, input), o.json);
  const note = o.json ? () => undefined : (line: string) => ctx.out(line);
  ctx.prepareHostLook();
  const requested = await requestSwitch(deps, input, o, note);
  const result = requested.kind === 'follow' ? await followSwitch(deps, requested.session, requested.run, requested.input, ctx, Boolean(o.json)) : requested;
  return present(ctx, switchCommandView, result, o.json);
}
