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
 * Starts the worker for the hosts a config describes (one, or each of a `hosts:` config): its Temporal
 * connection, each host's Proxmox client and modes. Temporal and notification settings are the
 * config's shared sections, the same in every host. When it ends, it closes its Temporal connection,
 * and the Proxmox clients it built. `given` replaces the client of a single host (tests).
 */
export async function runWorker(configs: Config | readonly Config[], given?: ProxmoxClient): Promise<RunningWorker> {
  const hosts = ([] as Config[]).concat(configs);
  const shared = hosts[0];
  if (!shared) throw new Error('a worker serves at least one host');
  if (given && hosts.length > 1) throw new Error('a given Proxmox client serves one host');
  const clients = hosts.map((config) => given ?? proxmoxClientFromConfig(config.proxmox));
  const temporal = temporalConnectionOptions(shared.temporal);
  const created = await createWorker({
    temporal,
    hosts: hosts.map((config, i) => ({ client: clients[i]!, settings: workerSettings(config) })),
    notify: { targets: shared.notify, webUi: (workflowId, runId) => webUiUrl(temporal, workflowId, runId), userAgent: `morpheus/${packageVersion()}` },
  }).catch(async (err: unknown) => {
    if (!given) await Promise.all(clients.map((c) => c.close()));
    throw err;
  });
  const { worker, connection } = created;
  const done = worker.run().finally(async () => {
    await connection.close();
    if (!given) await Promise.all(clients.map((c) => c.close()));
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

function workerSettings(config: Config): WorkerSettings {
  return {
    node: config.proxmox.node,
    modes: modesFromConfig(config),
    rollback: config.switch.rollback,
    notifyEvents: [...new Set(config.notify.flatMap((t) => t.events))],
    wake: wakeSettings(config),
  };
}
