import { resolveMode } from '../modes/resolve-mode';
import { namedModes } from './mode-names';
import type { Config } from './schema';

const mapValues = <T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));

/**
 * The config with every mode reference (conflicts_with, schedules' mode) written as the mode's own
 * name, so nothing past loading ever sees an alias: schedules and workflows carry canonical names.
 * Runs after the rules, which have checked that every reference resolves.
 */
export function withCanonicalModeNames(config: Config): Config {
  const modes = namedModes(config);
  const canonical = (name: string): string => resolveMode(modes, name)?.name ?? name;
  return {
    ...config,
    proxmox: { ...config.proxmox, modes: mapValues(config.proxmox.modes, (m) => ({ ...m, conflicts_with: m.conflicts_with.map(canonical) })) },
    schedules: mapValues(config.schedules, (s) => ({ ...s, mode: canonical(s.mode) })),
  };
}
