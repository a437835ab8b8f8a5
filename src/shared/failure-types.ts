/**
 * Failure types that cross the Temporal boundary: activities and the workflow throw ApplicationFailures
 * with these types, and the CLI maps them to messages and exit codes. No imports, so workflow code,
 * activities and the CLI can all use it.
 */
export const FailureType = {
  gpuBusy: 'GpuBusyError',
  vmStillRunning: 'VmStillRunningError',
  vmNotRunning: 'VmNotRunningError',
  refused: 'SwitchRefusedError',
  failed: 'SwitchFailedError',
  wrongHost: 'WrongHostError',
  hostAsleep: 'HostAsleepError',
} as const;
