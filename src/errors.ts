/**
 * Process exit codes shared by every command; `morpheus --help` and docs/cli.md list them with the
 * meanings below.
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  refused: 3,
  failed: 4,
  busy: 5,
  unreachable: 6,
  auth: 7,
  cancelled: 8,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code means, for `--help`. */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: 'success (including "nothing to do")',
  1: 'internal error (a bug: please report it)',
  2: 'usage or config error',
  3: 'refused: the request conflicts with what runs, nothing was changed',
  4: 'failed: a step of the switch failed (see the rollback line)',
  5: 'busy: another switch is in progress on this host',
  6: 'unreachable: Proxmox or Temporal cannot be reached, or no worker runs',
  7: 'auth: Proxmox refused the API token or a privilege is missing',
  8: 'cancelled: the switch was cancelled (morpheus mode cancel, or the Web UI)',
  130: 'interrupted: you stopped watching (the switch goes on)',
};

export interface MorpheusErrorOptions {
  /** What the user can do about it, printed under the message. */
  hint?: string;
  cause?: unknown;
}

/**
 * Base of every error Morpheus expects to show to a user: a one-line message, a stable machine code,
 * the exit code the CLI ends with, and an optional hint. Anything else reaching the CLI is a bug.
 */
export abstract class MorpheusError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, options: MorpheusErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** Thrown when command-line input is invalid (unknown mode, bad flag value). */
export class UsageError extends MorpheusError {
  override readonly name = 'UsageError';
  readonly code = 'MORPHEUS_USAGE';
  readonly exitCode = ExitCode.usage;
}
