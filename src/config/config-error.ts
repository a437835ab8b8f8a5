import { ExitCode, MorpheusError } from '../errors';
import type { MorpheusErrorOptions } from '../errors';
import { printable } from './paths';

const INVALID_HINT = 'see docs/configuration.md for every key and its accepted values';
// Past this the message stops listing; `issues` still holds them all.
const MAX_LISTED = 50;

export interface ConfigErrorOptions extends MorpheusErrorOptions {
  path: string;
  issues?: string[];
}

/** Thrown when the config file is missing, unreadable or invalid; the message lists every problem found. */
export class ConfigError extends MorpheusError {
  override readonly name = 'ConfigError';
  readonly code = 'MORPHEUS_CONFIG_INVALID';
  readonly exitCode = ExitCode.usage;
  /** The config file this is about. */
  readonly path: string;
  /** Each problem as one `<key.path>: <what is wrong>` line. */
  readonly issues: string[];

  /** `issues` defaults to the message itself, for problems with the file rather than its content. */
  constructor(message: string, options: ConfigErrorOptions) {
    super(message, options);
    this.path = options.path;
    this.issues = options.issues ?? [message];
  }

  /** The error for a file that was read but is not a valid config. Each issue is kept to one printable line. */
  static invalid(path: string, issues: string[]): ConfigError {
    const lines = issues.map(printable);
    return new ConfigError(formatInvalid(printable(path), lines), { path, issues: lines, hint: INVALID_HINT });
  }
}

function formatInvalid(path: string, issues: string[]): string {
  if (issues.length === 1) return `invalid config ${path}: ${issues[0]}`;
  const listed = issues.slice(0, MAX_LISTED).map((issue) => `  ${issue}`);
  if (issues.length > MAX_LISTED) listed.push(`  ... and ${issues.length - MAX_LISTED} more`);
  return [`invalid config ${path}:`, ...listed].join('\n');
}
