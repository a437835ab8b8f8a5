import { log } from '@temporalio/activity';
import { toActivityFailure } from './failures';
import { type ActivityFn, wrapActivities } from './wrap';

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
