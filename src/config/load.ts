import { readFileSync, statSync } from 'node:fs';
import { homedir as osHomedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import type { Env } from './env';
import { parseConfigHosts, selectHost } from './parse';
import type { ParsedConfig, ParsedHosts } from './parse';

const MAX_BYTES = 1024 * 1024;
const MISSING_HINT =
  'create it (see docs/configuration.md), point --config or MORPHEUS_CONFIG at one, or run `morpheus sim` to print a config for the built-in simulator';

export type ConfigOrigin = 'flag' | 'env' | 'default';

export interface ConfigLocation {
  /** Absolute path of the config file. */
  path: string;
  /** Which lookup step produced the path. */
  origin: ConfigOrigin;
}

export interface ResolveConfigPathOptions {
  /** The --config flag, if given. */
  flag?: string | undefined;
  env: Env;
  homedir: string;
}

/** Where the config is: --config, else $MORPHEUS_CONFIG, else ~/.morpheus/config.yaml. */
export function resolveConfigPath({ flag, env, homedir }: ResolveConfigPathOptions): ConfigLocation {
  const expand = (path: string) => resolve(path === '~' || path.startsWith('~/') ? join(homedir, path.slice(1)) : path);
  if (flag !== undefined && flag !== '') return { path: expand(flag), origin: 'flag' };
  const fromEnv = env.MORPHEUS_CONFIG;
  if (fromEnv !== undefined && fromEnv !== '') return { path: expand(fromEnv), origin: 'env' };
  return { path: join(homedir, '.morpheus', 'config.yaml'), origin: 'default' };
}

export interface LoadConfigOptions {
  /** The --config flag, if given. */
  path?: string | undefined;
  /** Defaults to process.env. */
  env?: Env;
  /** Defaults to the user's home directory. */
  homedir?: string;
  /** Which host of a `hosts:` file to use; needed when it names several. */
  host?: string | undefined;
}

export interface LoadedConfig extends ParsedConfig {
  /** Absolute path of the file that was loaded. */
  path: string;
}

/** Finds, reads and validates the config file, for the host named or the only one. Throws ConfigError for anything wrong with it; never prints. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const { path, ...hosts } = loadConfigHosts(options);
  return { ...hosts, config: selectHost(hosts.hosts, { source: path, host: options.host }), path };
}

/** Finds, reads and validates the config file, with every host it names (the worker serves them all). */
export function loadConfigHosts(options: LoadConfigOptions = {}): ParsedHosts & { path: string } {
  const env = options.env ?? process.env;
  const home = options.homedir ?? osHomedir();
  const location = resolveConfigPath({ flag: options.path, env, homedir: home });
  const text = readConfigFile(location, home);
  return { ...parseConfigHosts(text, { source: location.path, env, baseDir: dirname(location.path) }), path: location.path };
}

const ORIGIN_LABEL: Record<ConfigOrigin, string> = {
  flag: 'from --config',
  env: 'from MORPHEUS_CONFIG',
  default: 'default location',
};

function readConfigFile({ path, origin }: ConfigLocation, home: string): Buffer {
  const fail = (problem: string) => new ConfigError(`cannot read config ${path}: ${problem}`, { path });
  const failed = (err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const shown = path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
      return new ConfigError(`no config file at ${shown} (${ORIGIN_LABEL[origin]})`, { path, hint: MISSING_HINT });
    }
    return fail(code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'unknown error'));
  };
  let stats;
  try {
    stats = statSync(path);
  } catch (err) {
    throw failed(err);
  }
  // Checked before opening: opening a FIFO (or /dev/stdin) would block until something writes to it.
  if (stats.isDirectory()) throw fail('it is a directory; expected a YAML file');
  if (!stats.isFile()) throw fail('not a regular file; expected a YAML file');
  if (stats.size > MAX_BYTES) throw fail('file is larger than 1 MiB; a Morpheus config is a few KiB of YAML');
  try {
    return readFileSync(path);
  } catch (err) {
    throw failed(err);
  }
}
