import { type ChildProcess, spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SEARCH_ATTRIBUTES } from '../contract/search-attributes';
import { freePort, waitForPort } from './free-port';

const run = promisify(execFile);

export interface DevServerOptions {
  readonly cliPath: string;
  /** gRPC port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Web UI port, or false for a headless server. */
  readonly uiPort?: number | false;
  /** SQLite file for persistence; without it the server keeps everything in memory. */
  readonly dbFile?: string;
  readonly namespace?: string;
  /** How long closed runs stay visible (the dev server's own default is 24 h). */
  readonly retention?: string;
  /** Where the server's own log goes; default: discarded. */
  readonly logTo?: NodeJS.WritableStream;
  readonly startTimeoutMs?: number;
}

export interface RunningDevServer {
  /** `127.0.0.1:<port>`, the form TEMPORAL_ADDRESS takes. */
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl: string | undefined;
  readonly process: ChildProcess;
  /** Settles, with how it ended, only if the server exits without `stop()`. */
  readonly died: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` on loopback with Morpheus's search attributes and waits until
 * it serves. Startup is awaited here rather than through the SDK's 5 s deadline, which a fresh SQLite
 * file on a slow 2-core machine can miss.
 */
export async function startDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const port = opts.port || (await freePort());
  const namespace = opts.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace, '--log-level', 'warn'];
  if (opts.uiPort === false) args.push('--headless');
  else if (opts.uiPort !== undefined) args.push('--ui-port', String(opts.uiPort));
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  for (const key of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=Keyword`);
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (opts.logTo) {
    child.stdout?.pipe(opts.logTo, { end: false });
    child.stderr?.pipe(opts.logTo, { end: false });
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  let alive = true;
  let stopping = false;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      alive = false;
      resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`);
    }),
  );
  const died = exited.then((how) => (stopping ? new Promise<string>(() => undefined) : how));
  const stop = async (): Promise<void> => {
    stopping = true;
    if (!alive) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
    await waitForPort(port, deadline - Date.now(), () => alive);
    const address = `127.0.0.1:${port}`;
    await waitForHealth(opts.cliPath, address, deadline);
    if (opts.retention) {
      await run(opts.cliPath, ['operator', 'namespace', 'update', '--address', address, '--namespace', namespace, '--retention', opts.retention]);
    }
    const uiUrl = opts.uiPort === false ? undefined : `http://127.0.0.1:${opts.uiPort ?? port + 1000}`;
    return { address, namespace, uiUrl, process: child, died, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The port opens before the frontend serves; the CLI's own health check says when it does. */
async function waitForHealth(cliPath: string, address: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      await run(cliPath, ['operator', 'cluster', 'health', '--address', address]);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server at ${address} did not become healthy: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
