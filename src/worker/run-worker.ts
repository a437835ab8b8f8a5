import type { NativeConnection, Worker } from '@temporalio/worker';
import type { WorkerSettings } from '../activities';
import type { Config } from '../config/schema';
import { modesFromConfig } from '../modes/from-config';
import type { ProxmoxClient } from '../proxmox/client';
import { proxmoxClientFromConfig } from '../proxmox/from-config';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { webUiUrl } from '../temporal/web-ui-url';
import { packageVersion } from '../shared/package-version';
import { createWorker } from './create-worker';

/** The switch's Wake-on-LAN step, when proxmox.wol asks for it. */
function wakeSettings(config: Config): WorkerSettings['wake'] {
  const wol = config.proxmox.wol;
  return wol?.wake_if_unreachable ? { target: { mac: wol.mac, broadcast: wol.broadcast, port: wol.port }, timeoutMs: wol.timeout } : undefined;
}

export interface RunningWorker {
  readonly worker: Worker;
  /** The worker's Temporal connection (closed when the worker ends). */
  readonly connection: NativeConnection;
  /** Settles when the worker has shut down (after `stop()`, or on SIGINT/SIGTERM). */
  readonly done: Promise<void>;
  /** Shuts the worker down gracefully and closes its connections. */
  stop(): Promise<void>;
}

/**
 * Starts the worker a config describes: its Temporal connection, its host's Proxmox client and its
 * modes. When it ends, it closes its Temporal connection, and the Proxmox client if it built it.
 */
export async function runWorker(config: Config, given?: ProxmoxClient): Promise<RunningWorker> {
  const proxmox = given ?? proxmoxClientFromConfig(config.proxmox);
  const temporal = temporalConnectionOptions(config.temporal);
  const { worker, connection } = await createWorker({
    temporal,
    proxmox,
    settings: {
      node: config.proxmox.node,
      modes: modesFromConfig(config),
      rollback: config.switch.rollback,
      notifyEvents: [...new Set(config.notify.flatMap((t) => t.events))],
      wake: wakeSettings(config),
    },
    notify: { targets: config.notify, webUi: (workflowId, runId) => webUiUrl(temporal, workflowId, runId), userAgent: `morpheus/${packageVersion()}` },
  });
  const done = worker.run().finally(async () => {
    await connection.close();
    if (!given) await proxmox.close();
  });
  return {
    worker,
    connection,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
