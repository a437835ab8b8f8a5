import type { ConfigFile } from './schema';

/** Mode names in the order the file lists them. */
export function modeNames(config: Pick<ConfigFile, 'proxmox'>): string[] {
  return Object.keys(config.proxmox.modes);
}
