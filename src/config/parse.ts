import { ConfigError } from './config-error';
import type { Env } from './env';
import { applyTemporalEnv } from './env-overrides';
import { resolveFiles } from './files';
import { interpolateEnv } from './interpolate';
import { parseYaml } from './parse-yaml';
import { redact, substitutions } from './redact';
import { withCanonicalModeNames } from './canonical-modes';
import { checkRules } from './rules';
import { readSecretFiles } from './secret-files';
import { ConfigSchema } from './schema';
import type { Config } from './schema';
import { configErrorMap, formatZodIssues } from './zod-issues';
import { splitHosts } from './hosts';
import { quote, withPathMap } from './paths';

export interface ParseConfigOptions {
  /** How to name the file in errors (usually its path). */
  source: string;
  /** Where `${VAR}` and the TEMPORAL_* overrides are read from. Defaults to process.env. */
  env?: Env;
  /** Directory that relative certificate and secret-file paths are resolved against. Defaults to the working directory. */
  baseDir?: string;
  /** Which host of a `hosts:` file to use (`--host`, MORPHEUS_HOST); needed when it names several. */
  host?: string | undefined;
}

export interface ParsedHosts {
  /** Every host the file names, in file order: one for a `proxmox:` file. */
  hosts: Config[];
  /** Things worth telling the user that do not stop Morpheus; never printed here. */
  warnings: string[];
}

export interface ParsedConfig extends ParsedHosts {
  /** The host the command acts on. */
  config: Config;
}

/**
 * Parses and validates config text, and reads the secrets it names by file; then picks the host the
 * command acts on. Throws one ConfigError listing every problem found.
 */
export function parseConfigText(text: string | Uint8Array, options: ParseConfigOptions): ParsedConfig {
  const parsed = parseConfigHosts(text, options);
  return { ...parsed, config: selectHost(parsed.hosts, options) };
}

/**
 * Parses and validates config text and reads the secrets it names by file, for every host it names
 * (the worker serves them all). Throws one ConfigError listing every problem found in any host; the
 * semantic rules and file checks run only once a host matches the schema, since they need its shape.
 */
export function parseConfigHosts(text: string | Uint8Array, options: ParseConfigOptions): ParsedHosts {
  const { source, env = process.env, baseDir = process.cwd() } = options;
  const yaml = parseYaml(text);
  if (!yaml.ok) throw ConfigError.invalid(source, [yaml.issue]);

  const interpolated = interpolateEnv(yaml.value, env);
  const overridden = applyTemporalEnv(interpolated.value, env);
  const split = splitHosts(overridden.value);
  // Messages name keys and types, but a few echo a name from the file; never one read from the environment.
  const subs = substitutions(yaml.value, env);
  const clean = (lines: readonly string[]) => unique(lines.map((line) => redact(line, subs)));
  const early = [...interpolated.issues, ...overridden.issues, ...split.issues];
  // A key whose ${VAR} could not be replaced still holds the reference; what the schema thinks of that is noise.
  const unresolved = interpolated.issues.flatMap((issue) => (issue.includes(': ') ? [issue.slice(0, issue.indexOf(': ') + 2)] : []));
  const checked = split.documents.map((doc) => withPathMap(doc.pathOf, () => checkHost(doc.tree, baseDir, unresolved, early.length > 0)));
  const issues = [...early, ...checked.flatMap((c) => c.issues)];
  if (issues.length > 0) throw ConfigError.invalid(source, clean(issues));
  return { hosts: checked.map((c) => c.config!), warnings: clean(checked.flatMap((c) => c.warnings)) };
}

interface CheckedHost {
  readonly config: Config | undefined;
  readonly issues: readonly string[];
  readonly warnings: readonly string[];
}

/** One host's file, checked: the schema, then (once that passes and nothing else is wrong) rules, files and secrets. */
function checkHost(tree: unknown, baseDir: string, unresolved: readonly string[], alreadyWrong: boolean): CheckedHost {
  const parsed = ConfigSchema.safeParse(tree, { error: configErrorMap });
  if (!parsed.success) {
    return { config: undefined, issues: formatZodIssues(parsed.error.issues).filter((line) => !unresolved.some((key) => line.startsWith(key))), warnings: [] };
  }
  // Later checks would trip over the unreplaced ${VAR} left in place, so they wait for a clean parse.
  if (alreadyWrong) return { config: undefined, issues: [], warnings: [] };
  const file = parsed.data;
  const findings = checkRules(file);
  const fileIssues = resolveFiles(file, baseDir);
  const secrets = readSecretFiles(file, baseDir);
  const issues = [...fileIssues, ...secrets.issues, ...findings.issues];
  if (secrets.config === undefined || issues.length > 0) return { config: undefined, issues, warnings: findings.warnings };
  return { config: withCanonicalModeNames(secrets.config), issues: [], warnings: findings.warnings };
}

/** The host a command acts on: the one named, or the only one. */
export function selectHost(hosts: readonly Config[], { source, host }: Pick<ParseConfigOptions, 'source' | 'host'>): Config {
  const names = hosts.map((h) => h.proxmox.node);
  if (host === undefined || host === '') {
    if (hosts.length === 1) return hosts[0]!;
    throw new ConfigError(`${source} names ${hosts.length} hosts (${names.join(', ')}); this command acts on one`, {
      path: source,
      hint: `choose one with --host <name> or MORPHEUS_HOST, e.g. --host ${names[0]}`,
    });
  }
  const chosen = hosts.find((h) => h.proxmox.node === host);
  if (chosen) return chosen;
  throw new ConfigError(`no host ${quote(host)} in ${source}; it names ${names.join(', ')}`, {
    path: source,
    hint: `pass one of those to --host (or MORPHEUS_HOST), or add ${quote(host)} under hosts:`,
  });
}

function unique(issues: string[]): string[] {
  return [...new Set(issues)];
}
