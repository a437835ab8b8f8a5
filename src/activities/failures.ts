import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ProxmoxError } from '../proxmox/errors';
import { type ActivityFn, wrapActivities } from './wrap';

export { FailureType } from '../shared/failure-types';

/** The structured part of a failure, kept in `details[0]` so the CLI can render hints and exit codes. */
export interface FailureDetails {
  readonly code?: string | undefined;
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
    hint: err.hint,
    status: err.status,
    proxmoxMessage: err.proxmoxMessage,
    endpoint: `${err.endpoint.method} ${err.endpoint.path}`,
  };
  return ApplicationFailure.create({ type: err.name, message: err.message, nonRetryable: !err.retryable, details: [details] });
}

/**
 * Wraps every function of an activity object: logs each step with its duration (arguments are VM ids
 * and timeouts, never credentials) and makes Proxmox errors cross the Temporal boundary typed.
 */
export function instrumentActivities<T extends Record<string, ActivityFn>>(activities: T): T {
  return wrapActivities(activities, (name, fn) => async (...args) => {
    const started = Date.now();
    try {
      const result = await fn(...args);
      log.info(`${name} done`, { durationMs: Date.now() - started });
      return result;
    } catch (err) {
      const failure = toActivityFailure(err);
      log.warn(`${name} failed`, { durationMs: Date.now() - started, error: failure instanceof Error ? failure.message : String(failure) });
      throw failure;
    }
  });
}
