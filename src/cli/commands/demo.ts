import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '@temporalio/worker';
import { parse as parseYaml } from 'yaml';
import { didYouMean } from '../../config/suggest';
import { startDevServer, type RunningDevServer } from '../../devserver/dev-server';
import { freePort } from '../../devserver/free-port';
import { ensureTemporalCli } from '../../devserver/temporal-cli';
import { ExitCode, UsageError } from '../../errors';
import { endpointOf, simulatorConfigYaml } from '../../simulator/config-snippet';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { runWorker } from '../../worker/run-worker';
import { runtimeLogging } from '../../worker/logger';
import { CliContext } from '../context';
import { webUiUrl } from '../../temporal/web-ui-url';
import { latestSwitch, untilWorkerPolls } from '../switch-runs';
import { runModeChange } from './mode-change';
import { runModeList } from './mode-list';
import { runModeStatus } from './mode-status';

export interface DemoOptions {
  readonly to: string;
  readonly timeScale: number;
  /** Keep the simulator, Temporal and its Web UI up until Ctrl-C (default: when run in a terminal). */
  readonly stay?: boolean;
}

/**
 * `morpheus demo`: the whole system in one process, on the embedded defaults: the Proxmox simulator,
 * a Temporal dev server with its Web UI, a worker; then `mode list`, a live switch, `mode status`.
 */
export async function runDemo(ctx: CliContext, opts: DemoOptions): Promise<ExitCode> {
  checkTarget(opts.to);
  const c = ctx.colors;
  const scratch = mkdtempSync(join(tmpdir(), 'morpheus-demo-'));
  let sim: RunningSimulator | undefined;
  let server: RunningDevServer | undefined;
  let demo: CliContext | undefined;
  let stopWorker: (() => Promise<void>) | undefined;
  try {
    ctx.err(c.dim('Starting the Proxmox simulator, a Temporal dev server and a Morpheus worker...'));
    sim = await startSimulator({ port: 0, timeScale: opts.timeScale });
    const cli = await ensureTemporalCli((line) => ctx.err(line));
    const port = await freePort();
    const uiPort = await uiPortFor();
    server = await startDevServer({ cliPath: cli.path, port, uiPort, dbFile: join(scratch, 'temporal.db') });

    const token = sim.tokens[0]!;
    const configFile = join(scratch, 'config.yaml');
    writeFileSync(
      configFile,
      simulatorConfigYaml({
        ...endpointOf(sim),
        extra: `temporal:\n  address: "${server.address}"\n  task_queue: "morpheus-demo"`,
      }),
    );
    // The demo's own context: the generated config, the simulator's secret, and no TEMPORAL_* or
    // MORPHEUS_* settings from the caller's shell.
    const env = Object.fromEntries(Object.entries(ctx.io.env).filter(([k]) => !/^(TEMPORAL|MORPHEUS)_/.test(k)));
    const uiEnv = server.uiUrl ? { MORPHEUS_UI_URL: server.uiUrl } : {};
    demo = new CliContext(
      { ...ctx.io, env: { ...env, ...uiEnv, PROXMOX_API_TOKEN: token.secret } },
      { config: configFile, ...(ctx.options.color !== undefined && { color: ctx.options.color }) },
    );

    Runtime.install(runtimeLogging('ERROR', (line) => ctx.err(c.dim(line))));
    const { config } = demo.config();
    stopWorker = (await runWorker(config)).stop;
    // Its first poll comes a moment after it starts (later on a busy machine); a switch needs one.
    await untilWorkerPolls(await demo.temporal(), 30_000);

    ctx.out(c.bold('\n$ morpheus mode list'));
    await runModeList(demo, {});
    ctx.out(c.bold(`\n$ morpheus mode switch ${opts.to}`));
    const code = await runModeChange(demo, 'switch', opts.to, {});
    ctx.out(c.bold('\n$ morpheus mode status'));
    await runModeStatus(demo, {});

    const session = await demo.temporal();
    const run = await latestSwitch(session, config.proxmox.node);
    const url = run ? webUiUrl(session.options, run.workflowId, run.runId, uiEnv) : undefined;
    ctx.out();
    ctx.out(c.bold(`🔎 The switch in the Temporal Web UI: ${url ?? server.uiUrl}`));
    if (opts.stay ?? ctx.tty) {
      ctx.out(c.dim('The simulator, Temporal and its Web UI stay up until you press Ctrl-C.'));
      await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    }
    return code;
  } finally {
    await stopWorker?.();
    await demo?.close();
    await server?.stop();
    await sim?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The dev server's usual Web UI port when it is free, so the printed URL is the familiar one. */
async function uiPortFor(): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(8233, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return free ? 8233 : freePort();
}

/** Refuses an unknown --to before the simulator, Temporal and a worker are started for nothing. */
function checkTarget(to: string): void {
  // The demo's config is the simulator snippet: the seed's four modes.
  const snippet = simulatorConfigYaml({ host: '127.0.0.1', port: 8006, node: 'pve', tokenId: 'morpheus@pam!morpheus-token', fingerprint: '' });
  const modes = Object.keys((parseYaml(snippet) as { proxmox: { modes: Record<string, unknown> } }).proxmox.modes);
  if (modes.includes(to)) return;
  const guess = didYouMean(to, modes);
  throw new UsageError(`unknown mode "${to}"${guess ? `; did you mean "${guess}"?` : ''}`, { hint: `the demo's modes: ${modes.join(', ')}` });
}
