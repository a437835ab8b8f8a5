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

export interface ParseConfigOptions {
  /** How to name the file in errors (usually its path). */
  source: string;
  /** Where `${VAR}` and the TEMPORAL_* overrides are read from. Defaults to process.env. */
  env?: Env;
  /** Directory that relative certificate and secret-file paths are resolved against. Defaults to the working directory. */
  baseDir?: string;
}

export interface ParsedConfig {
  config: Config;
  /** Things worth telling the user that do not stop Morpheus; never printed here. */
  warnings: string[];
}

/**
 * Parses and validates config text, and reads the secrets it names by file. Throws one ConfigError
 * listing every problem found; the semantic rules and file checks run only once the file matches the
 * schema, since they need its shape.
 */
export function parseConfigText(text: string | Uint8Array, options: ParseConfigOptions): ParsedConfig {
  const { source, env = process.env, baseDir = process.cwd() } = options;
  const yaml = parseYaml(text);
  if (!yaml.ok) throw ConfigError.invalid(source, [yaml.issue]);

  const interpolated = interpolateEnv(yaml.value, env);
  const overridden = applyTemporalEnv(interpolated.value, env);
  const parsed = ConfigSchema.safeParse(overridden.value, { error: configErrorMap });
  // Messages name keys and types, but a few echo a name from the file; never one read from the environment.
  const subs = substitutions(yaml.value, env);
  const clean = (lines: string[]) => unique(lines.map((line) => redact(line, subs)));
  const issues = [...interpolated.issues, ...overridden.issues];
  // A key whose ${VAR} could not be replaced still holds the reference; what the schema thinks of that is noise.
  const unresolved = interpolated.issues.flatMap((issue) => (issue.includes(': ') ? [issue.slice(0, issue.indexOf(': ') + 2)] : []));
  if (!parsed.success) issues.push(...formatZodIssues(parsed.error.issues).filter((line) => !unresolved.some((key) => line.startsWith(key))));
  // Later checks would trip over the unreplaced ${VAR} left in place, so they wait for a clean parse.
  if (!parsed.success || issues.length > 0) throw ConfigError.invalid(source, clean(issues));

  const file = parsed.data;
  const findings = checkRules(file);
  const fileIssues = resolveFiles(file, baseDir);
  const secrets = readSecretFiles(file, baseDir);
  const later = [...fileIssues, ...secrets.issues, ...findings.issues];
  if (secrets.config === undefined || later.length > 0) throw ConfigError.invalid(source, clean(later));
  return { config: withCanonicalModeNames(secrets.config), warnings: clean(findings.warnings) };
}

function unique(issues: string[]): string[] {
  return [...new Set(issues)];
}
