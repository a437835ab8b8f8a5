import { resolve } from 'node:path';
import type { Env } from './env';

// Temporal's own environment variable names, so one set of exports works for the temporal CLI too.
const TEMPORAL_KEYS = {
  address: 'TEMPORAL_ADDRESS',
  namespace: 'TEMPORAL_NAMESPACE',
  task_queue: 'MORPHEUS_TASK_QUEUE',
  api_key: 'TEMPORAL_API_KEY',
} as const;
const TLS_FILES = {
  ca_file: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  cert_file: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  key_file: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
} as const;

type Mapping = Record<string, unknown>;

export interface Overridden {
  value: unknown;
  issues: string[];
}

/**
 * Applies the TEMPORAL_* / MORPHEUS_TASK_QUEUE environment overrides to the parsed file before validation,
 * so their values are checked like the file's. Empty variables count as unset.
 */
export function applyTemporalEnv(tree: unknown, env: Env): Overridden {
  const issues: string[] = [];
  const get = (name: string) => (env[name] === '' ? undefined : env[name]);
  const overrides: Mapping = {};
  for (const [key, name] of Object.entries(TEMPORAL_KEYS)) {
    const value = get(name);
    if (value !== undefined) overrides[key] = value;
  }

  const tls: Mapping = {};
  const enabled = get('TEMPORAL_TLS');
  if (enabled !== undefined) {
    if (/^(true|false)$/i.test(enabled)) tls.enabled = enabled.toLowerCase() === 'true';
    else issues.push('TEMPORAL_TLS: expected true or false');
  }
  // Relative paths from the environment are relative to where the command runs, not to the config file.
  for (const [key, name] of Object.entries(TLS_FILES)) {
    const value = get(name);
    if (value !== undefined) tls[key] = resolve(value);
  }
  const serverName = get('TEMPORAL_TLS_SERVER_NAME');
  if (serverName !== undefined) tls.server_name = serverName;

  if (Object.keys(overrides).length === 0 && Object.keys(tls).length === 0) return { value: tree, issues };
  // A section or `tls` of the wrong type is left alone so the schema reports it as the file wrote it.
  if (!isMapping(tree)) return { value: tree, issues };
  const temporal = tree.temporal === undefined ? {} : tree.temporal;
  if (!isMapping(temporal)) return { value: tree, issues };
  const next: Mapping = { ...temporal, ...overrides };
  // The key from the environment replaces the file's, whichever way the file gave it.
  if (overrides.api_key !== undefined) delete next.api_key_file;
  if (Object.keys(tls).length > 0) {
    const fileTls = next.tls;
    if (fileTls === undefined) next.tls = tls;
    else if (typeof fileTls === 'boolean') next.tls = { enabled: fileTls, ...tls };
    else if (isMapping(fileTls)) next.tls = { ...fileTls, ...tls };
  }
  return { value: { ...tree, temporal: next }, issues };
}

function isMapping(value: unknown): value is Mapping {
  if (value === null || typeof value !== 'object') return false;
  // Not a Map, Set, Date or bytes from a YAML tag: spreading those would silently drop their content.
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
