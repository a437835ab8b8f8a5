// The one place a name a user typed becomes a mode: its own name, or one of its aliases. Pure; used by
// the config (schedules:, conflicts_with), every CLI command that takes a mode, and the MQTT bridge.

/** Anything with a mode's name and aliases: a ModeDef, or a mode of the config file. */
export interface NamedMode {
  readonly name: string;
  readonly aliases?: readonly string[] | undefined;
}

/** The mode `name` designates, by its name or one of its aliases; undefined when none does. */
export function resolveMode<M extends NamedMode>(modes: readonly M[], name: string): M | undefined {
  return modes.find((m) => m.name === name) ?? modes.find((m) => m.aliases?.includes(name));
}

/** Every name a user may type for these modes: each mode's name, then its aliases. */
export function acceptedModeNames(modes: readonly NamedMode[]): string[] {
  return modes.flatMap((m) => [m.name, ...(m.aliases ?? [])]);
}

/** "windowsvrstreaming (win, vr)": a mode's name with its aliases, for lists in messages. */
export const modeWithAliases = (m: NamedMode): string => (m.aliases?.length ? `${m.name} (${m.aliases.join(', ')})` : m.name);
