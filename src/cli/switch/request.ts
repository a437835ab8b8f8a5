import { didYouMean } from '../../config/suggest';
import { UsageError } from '../../errors';
import type { Action } from '../../modes/plan';
import type { SwitchInput } from '../../workflows/contract';
import type { CommandDeps } from '../deps';

/** What `mode switch|start|stop <mode>` asks for; an unknown mode is a usage error with a suggestion. */
export function switchRequest(deps: Pick<CommandDeps, 'modes' | 'requester'>, action: Action, target: string, o: { force?: boolean; rollback?: boolean }): SwitchInput {
  const names = deps.modes.map((m) => m.name);
  if (!names.includes(target)) {
    const guess = didYouMean(target, names);
    throw new UsageError(`unknown mode "${target}"${guess ? `; did you mean "${guess}"?` : ''}`, { hint: `known modes: ${names.join(', ')} (see morpheus mode list)` });
  }
  return { action, target, force: Boolean(o.force), rollback: o.rollback === false ? false : undefined, requestedBy: deps.requester };
}
