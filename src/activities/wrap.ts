export type ActivityFn = (...args: never[]) => Promise<unknown>;

/**
 * Replaces every function of an activity object by `wrap(name, fn)`. Temporal names activities after
 * the object's keys; the wrappers keep the function names too, for readable stack traces.
 */
export function wrapActivities<T extends Record<string, ActivityFn>>(activities: T, wrap: (name: string, fn: ActivityFn) => ActivityFn): T {
  const wrapped: Record<string, ActivityFn> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = wrap(name, fn);
    Object.defineProperty(wrapped[name], 'name', { value: name });
  }
  return wrapped as T;
}
