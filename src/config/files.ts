import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatPath } from './paths';
import type { ConfigFile } from './schema';

const TLS_FILE_KEYS = ['ca_file', 'cert_file', 'key_file'] as const;

/**
 * Makes the certificate (and MQTT password) paths in a freshly parsed config absolute (relative ones are relative to the
 * config file's directory) and returns an issue for each that is not a readable file now, rather than
 * when the first request or connection fails.
 */
export function resolveFiles(config: ConfigFile, baseDir: string): string[] {
  const issues: string[] = [];
  const resolveKey = <K extends string>(owner: Partial<Record<K, string>>, key: K, path: PropertyKey[]) => {
    const value = owner[key];
    if (value === undefined) return;
    const absolute = resolve(baseDir, value);
    owner[key] = absolute;
    const problem = unreadable(absolute);
    if (problem !== undefined) issues.push(`${formatPath(path)}: cannot read ${absolute} (${problem})`);
  };
  resolveKey(config.proxmox, 'ca_file', ['proxmox', 'ca_file']);
  for (const key of TLS_FILE_KEYS) resolveKey(config.temporal.tls, key, ['temporal', 'tls', key]);
  if (config.mqtt) for (const key of ['ca_file', 'password_file'] as const) resolveKey(config.mqtt, key, ['mqtt', key]);
  return issues;
}

/** Why `path` cannot be read as a regular file, or undefined when it can. */
export function unreadable(path: string): string | undefined {
  try {
    // stat first: opening a FIFO or device to test it could block.
    if (!statSync(path).isFile()) return 'not a regular file';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return code ?? 'unknown error';
  }
}
