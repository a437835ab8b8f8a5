import { ApplicationFailure } from '@temporalio/common';
import { ProxmoxError } from '../proxmox/errors';

export { FailureType } from '../shared/failure-types';

/** The structured part of a failure, kept in `details[0]` so the CLI can render hints and exit codes. */
export interface FailureDetails {
  readonly code?: string | undefined;
  /** The exit code the CLI ends with when this failure ends a switch. */
  readonly exitCode?: number | undefined;
  readonly hint?: string | undefined;
  readonly status?: number | undefined;
  readonly proxmoxMessage?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly [key: string]: unknown;
}

export function businessFailure(type: string, message: string, details: FailureDetails = {}): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: [details] });
}

/**
 * Turns a Proxmox error into an ApplicationFailure whose `type` is the error class and whose
 * retryability is the error's own: auth, permission and unknown-VM failures stop at once instead of
 * being retried for minutes. Anything else passes through unchanged.
 */
export function toActivityFailure(err: unknown): unknown {
  if (!(err instanceof ProxmoxError)) return err;
  const details: FailureDetails = {
    code: err.code,
    exitCode: err.exitCode,
    hint: err.hint,
    status: err.status,
    proxmoxMessage: err.proxmoxMessage,
    endpoint: `${err.endpoint.method} ${err.endpoint.path}`,
  };
  return ApplicationFailure.create({ type: err.name, message: err.message, nonRetryable: !err.retryable, details: [details] });
}
