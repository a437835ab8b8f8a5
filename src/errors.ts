/**
 * Process exit codes shared by every command. Documented in `morpheus --help`; keep the two in step.
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
