import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type RunningDevServer } from '../src/devserver/dev-server';
import { projectRoot } from '../src/shared/project-root';
import { ensureTemporalCli } from '../src/devserver/temporal-cli';
import { endpointOf, simulatorConfigYaml } from '../src/simulator/config-snippet';
import { DEFAULT_SCENARIO } from '../src/simulator/default-scenario';
import type { ScenarioInput } from '../src/simulator/scenario';
import { startSimulator, type RunningSimulator } from '../src/simulator/server';

/** What every section of `npm run bench` shares: one simulator, one Temporal dev server, a config file for the CLI. */
export interface BenchContext {
  readonly sim: RunningSimulator;
  readonly server: RunningDevServer;
  readonly client: Client;
  readonly configFile: string;
  readonly taskQueue: string;
  /** The environment a user of the CLI would have: the token secret, no colours. */
  readonly env: NodeJS.ProcessEnv;
  /** Starts the simulated host afresh (VM 101 running) at this time scale; the request counter starts from zero. */
  reset(timeScale: number, scenario?: ScenarioInput): void;
  close(): Promise<void>;
}

export const BIN = join(projectRoot(), 'bin', 'morpheus.js');

export async function startBenchContext(): Promise<BenchContext> {
  const sim = await startSimulator({ keyType: 'ec', timeScale: 0.2 });
  const temporalCli = await ensureTemporalCli((line) => console.error(line));
  const server = await startDevServer({ cliPath: temporalCli.path, uiPort: false });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'bench';
  const token = sim.tokens[0]!;
  const configFile = join(mkdtempSync(join(tmpdir(), 'morpheus-bench-')), 'config.yaml');
  writeFileSync(
    configFile,
    simulatorConfigYaml({
      ...endpointOf(sim),
      extra: `temporal:\n  address: "${server.address}"\n  task_queue: ${taskQueue}`,
    }),
  );
  return {
    sim,
    server,
    client,
    configFile,
    taskQueue,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], PROXMOX_API_TOKEN: token.secret, NO_COLOR: '1' },
    reset: (timeScale, scenario = DEFAULT_SCENARIO) => sim.world.resetFrom({ ...scenario, node: sim.node, time_scale: timeScale }),
    async close() {
      await connection.close();
      await server.stop();
      await sim.close();
    },
  };
}

export interface Timed {
  readonly ms: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a process to its end and times it from spawn to exit. Asynchronous on purpose: the simulator
 * answers from this process's event loop.
 */
export function timedRun(file: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Timed> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    execFile(file, args, { env, cwd: projectRoot(), timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** `morpheus --config <bench config> …` as a new process, timed. */
export const morpheus = (ctx: BenchContext, args: readonly string[]): Promise<Timed> =>
  timedRun(process.execPath, [BIN, '--config', ctx.configFile, ...args], ctx.env);

/** A bare `node -e 0`: the baseline of every start-up figure. */
export const bareNode = (): Promise<Timed> => timedRun(process.execPath, ['-e', '0'], {});
