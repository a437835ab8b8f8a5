import { hostname } from 'node:os';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type NotifySettings, type ServedHost } from '../activities';
import type { TemporalConnectionOptions } from '../temporal/connection-options';
import { workflowSource } from './workflow-source';

export interface WorkerParts {
  readonly temporal: TemporalConnectionOptions;
  /** Every host the worker serves, on one task queue: each switch runs with its own host's client. */
  readonly hosts: readonly ServedHost[];
  readonly notify: NotifySettings;
}

/** Connects to Temporal and creates (does not run) a worker for its hosts' task queue. */
export async function createWorker(parts: WorkerParts): Promise<{ worker: Worker; connection: NativeConnection }> {
  const { temporal } = parts;
  const connection = await NativeConnection.connect({
    address: temporal.address,
    ...(temporal.tls && { tls: temporal.tls }),
    ...(temporal.apiKey && { apiKey: temporal.apiKey }),
  });
  try {
    const worker = await Worker.create({
      connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      identity: `morpheus-worker@${hostname()}:${process.pid}`,
      ...workflowSource(),
      activities: createActivities(parts.hosts, parts.notify),
      // A home-lab worker: small limits, grown with the hosts it serves (most of a switch's activity
      // time is waiting on a guest), and time for a running stop or start to finish on SIGTERM.
      maxConcurrentActivityTaskExecutions: Math.max(8, 4 * parts.hosts.length),
      maxCachedWorkflows: Math.max(20, 3 * parts.hosts.length),
      shutdownGraceTime: '20s',
    });
    return { worker, connection };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
