import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { unreadable } from './files';
import { formatPath } from './paths';
import type { Config, ConfigFile } from './schema';

// A token secret is a UUID, an API key a few KiB at most; anything bigger is the wrong file.
const MAX_SECRET_BYTES = 64 * 1024;

export type SecretsRead = { readonly config: Config; readonly issues: readonly [] } | { readonly config: undefined; readonly issues: readonly string[] };

/**
 * Reads the secrets a config names by file (`proxmox.api_token_secret_file`, `temporal.api_key_file`;
 * relative paths are relative to `baseDir`) into the keys they stand for. Trailing line breaks are
 * dropped, as `echo` and most editors add one. Messages name the key and the path, never the content.
 */
export function readSecretFiles(file: ConfigFile, baseDir: string): SecretsRead {
  const issues: string[] = [];
  const read = (path: string | undefined, key: PropertyKey[]): string | undefined => {
    if (path === undefined) return undefined;
    const result = readSecret(resolve(baseDir, path));
    if (typeof result === 'string') return result;
    issues.push(`${formatPath(key)}: ${result.problem}`);
    return undefined;
  };
  const { api_token_secret_file, ...proxmox } = file.proxmox;
  const { api_key_file, ...temporal } = file.temporal;
  const tokenSecret = read(api_token_secret_file, ['proxmox', 'api_token_secret_file']) ?? proxmox.api_token_secret;
  const apiKey = read(api_key_file, ['temporal', 'api_key_file']) ?? temporal.api_key;
  // The schema saw to it that one of the two keys is set; an unreadable file is in `issues`.
  if (issues.length > 0 || tokenSecret === undefined) return { config: undefined, issues };
  return {
    config: { ...file, proxmox: { ...proxmox, api_token_secret: tokenSecret }, temporal: { ...temporal, ...(apiKey !== undefined && { api_key: apiKey }) } },
    issues: [],
  };
}

function readSecret(path: string): string | { problem: string } {
  const problem = unreadable(path);
  if (problem !== undefined) return { problem: `cannot read ${path} (${problem})` };
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_SECRET_BYTES) return { problem: `${path} is larger than 64 KiB; expected a file holding only the secret` };
    bytes = readFileSync(path);
  } catch (err) {
    return { problem: `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})` };
  }
  const secret = bytes.toString('utf8').replace(/(?:\r?\n)+$/, '');
  if (secret.trim() === '') return { problem: `${path} is empty; expected the secret in it` };
  // It goes into an HTTP or gRPC header, where a line break or control character would fail (or split it).
  if (/[\p{Cc}]/u.test(secret))
    return { problem: `${path} holds more than the secret on one line (a line break or control character); expected only the secret` };
  return secret;
}
