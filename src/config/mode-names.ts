import type { Config } from './schema';

/** Mode names in the order the file lists them. */
export function modeNames(config: Config): string[] {
  return Object.keys(config.proxmox.modes);
}
