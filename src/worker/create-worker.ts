import { hostname } from 'node:os';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type NotifySettings, type WorkerSettings } from '../activities';
import type { ProxmoxClient } from '../proxmox/client';
import type { TemporalConnectionOptions } from '../temporal/connection-options';
import { workflowSource } from './workflow-source';

export interface WorkerParts {
  readonly temporal: TemporalConnectionOptions;
  readonly proxmox: ProxmoxClient;
  readonly settings: WorkerSettings;
  readonly notify: NotifySettings;
}

/** Connects to Temporal and creates (does not run) a worker for one host's task queue. */
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
      activities: createActivities(parts.proxmox, parts.settings, parts.notify),
      // A home-lab worker: small limits, and time for a running stop or start to finish on SIGTERM.
      maxConcurrentActivityTaskExecutions: 8,
      maxCachedWorkflows: 20,
      shutdownGraceTime: '20s',
    });
    return { worker, connection };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
