import { Runtime, type LogLevel } from '@temporalio/worker';
import { freePort } from '../devserver/free-port';
import { UsageError } from '../errors';
import { parseListenAddress, type ListenAddress } from './listen-address';
import type { RunningWorker } from './run-worker';
import { workerRuntimeOptions } from './runtime-options';
import type { StatusServer } from './status-server';

export interface WorkerTelemetry {
  /** Installs the SDK runtime: logs, and with --metrics its Prometheus exporter. Call once, first. */
  install(level: LogLevel): void;
  /** With --metrics: counts Proxmox requests and serves /metrics and /healthz for `running`. */
  serve(running: RunningWorker): Promise<StatusServer | undefined>;
}

/**
 * `morpheus worker --metrics <host:port>`. The SDK's exporter binds a private loopback port; the
 * worker's own server at `host:port` serves its text as /metrics next to /healthz.
 */
export async function workerTelemetry(metrics: string | undefined): Promise<WorkerTelemetry> {
  let listen: ListenAddress | undefined;
  if (metrics !== undefined) {
    const parsed = parseListenAddress(metrics);
    if ('error' in parsed) throw new UsageError(`--metrics ${metrics}: ${parsed.error}`);
    listen = parsed;
  }
  const sdkBind = listen && `127.0.0.1:${await freePort()}`;
  return {
    install: (level) => void Runtime.install(workerRuntimeOptions(level, sdkBind)),
    async serve(running) {
      if (!listen || !sdkBind) return undefined;
      // Loaded only with --metrics: a worker without it starts polling sooner.
      const { checkHealth } = require('./health') as typeof import('./health');
      const { countProxmoxRequests } = require('./proxmox-metrics') as typeof import('./proxmox-metrics');
      const { startStatusServer } = require('./status-server') as typeof import('./status-server');
      const stopCounting = countProxmoxRequests(Runtime.instance().metricMeter);
      try {
        const server = await startStatusServer({ listen, sdkMetricsUrl: `http://${sdkBind}`, health: () => checkHealth(running) });
        return {
          url: server.url,
          async close() {
            stopCounting();
            await server.close();
          },
        };
      } catch (err) {
        stopCounting();
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(`--metrics ${metrics}: cannot listen there (${code ?? String(err)})`, {
          hint: code === 'EADDRINUSE' ? 'another process uses that port; pick another' : 'use an address of this machine, e.g. 127.0.0.1:9464',
        });
      }
    },
  };
}
