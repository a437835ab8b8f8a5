import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { FailureType } from '../shared/failure-types';
import type { RunOutcome } from './scheduled';

/**
 * The outcome of a switch run that ended in a failure, from the failure's cause: a refusal, a
 * cancellation, or anything else (a failed step, a termination, a timeout). Used by the scheduled
 * workflow, the worker's coordination activities and the CLI alike.
 */
export function outcomeOfFailure(cause: unknown): Extract<RunOutcome, 'refused' | 'cancelled' | 'failed'> {
  if (cause instanceof CancelledFailure) return 'cancelled';
  if (cause instanceof ApplicationFailure && cause.type === FailureType.refused) return 'refused';
  return 'failed';
}
