import { DefaultLogger, type LogEntry, type LogLevel, type RuntimeOptions } from '@temporalio/worker';

// SDK metadata that says nothing to a home-lab operator.
const NOISE = new Set(['sdkComponent', 'taskQueue', 'namespace', 'workflowType', 'activityId', 'attempt', 'isLocal', 'taskToken', 'workflowRunId']);

/** One line per log entry on stderr: time, level, message and the useful metadata. Never given credentials. */
export function lineLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString().slice(11, 23);
    const meta = Object.entries(entry.meta ?? {})
      .filter(([k, v]) => !NOISE.has(k) && v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    write(`${time} ${entry.level.padEnd(5)} ${entry.message}${meta ? ` ${meta}` : ''}`);
  });
}

/** Runtime options that send the SDK core's own (Rust) logs through the same one-line logger. */
export function runtimeLogging(level: LogLevel, write?: (line: string) => void): RuntimeOptions {
  return { logger: lineLogger(level, write), telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } } };
}
