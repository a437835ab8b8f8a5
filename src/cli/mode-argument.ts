import { didYouMean } from '../config/suggest';
import { UsageError } from '../errors';
import { acceptedModeNames, modeWithAliases, resolveMode, type NamedMode } from '../modes/resolve-mode';

/**
 * The mode a command-line argument designates, by name or alias; an unknown one is a usage error with a
 * suggestion. Commands pass on the returned mode's own name, so workflows and schedules never see an alias.
 */
export function modeArgument<M extends NamedMode>(modes: readonly M[], name: string): M {
  const found = resolveMode(modes, name);
  if (found) return found;
  const guess = didYouMean(name, acceptedModeNames(modes));
  throw new UsageError(`unknown mode "${name}"${guess ? `; did you mean "${guess}"?` : ''}`, {
    hint: `known modes: ${modes.map(modeWithAliases).join(', ')} (see morpheus mode list)`,
  });
}
