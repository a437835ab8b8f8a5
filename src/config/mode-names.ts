import type { NamedMode } from '../modes/resolve-mode';
import type { ConfigFile } from './schema';

/** Mode names in the order the file lists them. */
export function modeNames(config: Pick<ConfigFile, 'proxmox'>): string[] {
  return Object.keys(config.proxmox.modes);
}

/** The file's modes with their aliases, as `resolveMode` takes them. */
export function namedModes(config: Pick<ConfigFile, 'proxmox'>): NamedMode[] {
  return Object.entries(config.proxmox.modes).map(([name, m]) => ({ name, aliases: m.aliases }));
}
