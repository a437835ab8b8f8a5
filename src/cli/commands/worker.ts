import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { startDevServer, type RunningDevServer } from '../../devserver/dev-server';
import { ensureTemporalCli } from '../../devserver/temporal-cli';
import { ExitCode, UsageError } from '../../errors';
import type { ProxmoxConfig } from '../../config';
import { ProxmoxError } from '../../proxmox/errors';
import { proxmoxClientFromConfig } from '../../proxmox/from-config';
import { budgetedReadRetry } from '../../proxmox/read-retry';
import { temporalConnectionOptions } from '../../temporal/connection-options';
import { runWorker } from '../../worker/run-worker';
import { workerTelemetry } from '../../worker/telemetry';
import type { CliContext } from '../context';

export interface WorkerCommandOptions {
  readonly devServer?: boolean;
  readonly db?: string;
  readonly uiPort?: number;
  /** host:port for /metrics (Prometheus) and /healthz. */
  readonly metrics?: string;
}

/**
 * `morpheus worker`: runs the switch workflows and their activities for the configured hosts (every
 * host of a `hosts:` config) until SIGINT/SIGTERM. With --dev-server it also runs a persistent Temporal dev server in-process: the
 * one-process home-lab deployment.
 */
export async function runWorkerCommand(ctx: CliContext, opts: WorkerCommandOptions): Promise<ExitCode> {
  const hosts = ctx.hosts();
  const temporal = temporalConnectionOptions(hosts[0]!.temporal);
  const telemetry = await workerTelemetry(opts.metrics);
  telemetry.install('INFO');
  let server: RunningDevServer | undefined;
  if (opts.devServer) server = await startEmbeddedServer(ctx, temporal.address, opts);
  let serverDied = false;
  let status: Awaited<ReturnType<typeof telemetry.serve>>;
  try {
    // Every host at once (a worker may serve many), reported in the config's order.
    for (const line of await Promise.all(hosts.map((host) => checkProxmox(ctx, host.proxmox)))) ctx.err(line);
    // The worker's own clients: their reads keep the client's default re-reading under Temporal's retries, not the CLI's budget.
    const running = await runWorker(hosts);
    status = await telemetry.serve(running).catch(async (err: unknown) => {
      await running.stop();
      throw err;
    });
    ctx.err(
      `Morpheus worker for ${hosts.length === 1 ? 'host' : 'hosts'} ${hosts.map((h) => h.proxmox.node).join(', ')}: task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace}). Ctrl-C stops it.`,
    );
    if (status) ctx.err(`Metrics: ${status.url}/metrics, health: ${status.url}/healthz`);
    // Without its server the worker would only retry its connection forever; ending with an error
    // lets a service manager restart both (switches resume from the SQLite file).
    void server?.died.then((how) => {
      serverDied = true;
      ctx.err(ctx.colors.red(`error: the embedded Temporal dev server ${how}; stopping the worker`));
      void running.stop();
    });
    // The SDK's runtime shuts the worker down gracefully on SIGINT and SIGTERM.
    await running.done;
  } finally {
    await status?.close();
    await server?.stop();
  }
  return serverDied ? ExitCode.unreachable : ExitCode.ok;
}

async function startEmbeddedServer(ctx: CliContext, address: string, opts: WorkerCommandOptions): Promise<RunningDevServer> {
  const m = /^(localhost|127\.0\.0\.1):(\d+)$/.exec(address);
  if (!m)
    throw new UsageError(`--dev-server runs Temporal on this machine, but temporal.address is ${address}`, {
      hint: 'set temporal.address (or TEMPORAL_ADDRESS) to localhost:7233, or drop --dev-server',
    });
  const cli = await ensureTemporalCli((line) => ctx.err(line));
  const dbFile = opts.db ?? join(homedir(), '.morpheus', 'temporal.db');
  mkdirSync(dirname(dbFile), { recursive: true });
  const port = Number(m[2]);
  const server = await startDevServer({ cliPath: cli.path, port, uiPort: opts.uiPort ?? port + 1000, dbFile, retention: '720h' });
  ctx.err(`Temporal dev server on ${server.address} (data: ${dbFile}, Web UI: ${server.uiUrl}, history kept 30 days)`);
  return server;
}

/** Fails fast on a bad token or missing privilege; only warns when the host is merely unreachable. Returns the line to print. */
async function checkProxmox(ctx: CliContext, proxmox: ProxmoxConfig): Promise<string> {
  const client = proxmoxClientFromConfig(proxmox, budgetedReadRetry());
  try {
    const v = await client.version();
    return `Proxmox VE ${v.version} at ${client.origin}, node ${proxmox.node}`;
  } catch (err) {
    if (err instanceof ProxmoxError && err.retryable) {
      return ctx.colors.yellow(`warning: ${err.message}; the worker starts anyway and switches retry until the host answers`);
    }
    throw err;
  } finally {
    await client.close();
  }
}
