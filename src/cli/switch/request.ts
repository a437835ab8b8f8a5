import type { Action } from '../../modes/types';
import type { SwitchInput } from '../../contract/switch';
import type { CommandDeps } from '../deps';
import { modeArgument } from '../mode-argument';

/**
 * What `mode switch|start|stop <mode>` asks for. `<mode>` is a name or an alias; the request carries
 * the mode's own name, so workflows never see an alias. An unknown one is a usage error with a suggestion.
 */
export function switchRequest(
  deps: Pick<CommandDeps, 'modes' | 'requester'>,
  action: Action,
  typed: string,
  o: { force?: boolean; rollback?: boolean },
): SwitchInput {
  const target = modeArgument(deps.modes, typed).name;
  return { action, target, force: Boolean(o.force), rollback: o.rollback === false ? false : undefined, requestedBy: deps.requester };
}
