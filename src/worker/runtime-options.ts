import type { LogLevel, RuntimeOptions } from '@temporalio/worker';
import { runtimeLogging } from './logger';

// Switch steps last from milliseconds (a GPU check) to minutes (a shutdown timeout, a slow boot); the
// SDK's default buckets stop at 10 s.
const STEP_BUCKETS_MS = [100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000];
const REQUEST_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 15_000];

/**
 * The worker's runtime: logs through the one-line logger and, when `prometheusBind` is given, the SDK's
 * Prometheus exporter there (its own metrics and Morpheus's, which share the runtime's meter).
 */
export function workerRuntimeOptions(level: LogLevel, prometheusBind?: string): RuntimeOptions {
  const logging = runtimeLogging(level);
  if (prometheusBind === undefined) return logging;
  return {
    ...logging,
    telemetryOptions: {
      ...logging.telemetryOptions,
      metrics: {
        prometheus: {
          bindAddress: prometheusBind,
          histogramBucketOverrides: { morpheus_switch_step_duration: STEP_BUCKETS_MS, morpheus_proxmox_request_duration: REQUEST_BUCKETS_MS },
        },
      },
    },
  };
}
