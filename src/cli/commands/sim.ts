import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { parse as parseYaml } from 'yaml';
import { ExitCode, UsageError } from '../../errors';
import { endpointOf, simulatorConfigYaml } from '../../simulator/config-snippet';
import { DEFAULT_SCENARIO } from '../../simulator/default-scenario';
import { ScenarioSchema, type ScenarioInput } from '../../simulator/scenario';
import { startSimulator } from '../../simulator/server';
import type { CliContext } from '../context';

export interface SimOptions {
  readonly port: number;
  readonly scenario?: string;
  readonly timeScale?: number;
}

/** Reads and validates a scenario file; returns it unparsed, because startSimulator parses it (once: durations are converted). */
export function loadScenario(file: string | undefined): ScenarioInput {
  if (file === undefined) return DEFAULT_SCENARIO;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read scenario ${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`invalid scenario ${file}: ${issue.path.join('.') || 'top level'}: ${issue.message}`, {
      hint: 'see docs/simulator.md for the scenario format',
    });
  }
  return raw as ScenarioInput;
}

/** `morpheus sim`: runs the Proxmox simulator until Ctrl-C and prints how to point Morpheus at it. */
export async function runSim(ctx: CliContext, opts: SimOptions): Promise<ExitCode> {
  const scenario = loadScenario(opts.scenario);
  const sim = await startSimulator({ scenario, port: opts.port, ...(opts.timeScale !== undefined && { timeScale: opts.timeScale }) }).catch((err: unknown) => {
    const inUse = (err as { code?: string }).code === 'EADDRINUSE';
    throw new UsageError(
      inUse ? `port ${opts.port} is in use` : `cannot start the simulator: ${String(err)}`,
      inUse ? { hint: 'pick another with --port N (0 picks a free one)' } : {},
    );
  });
  // Listen before printing: whoever reads the banner may press Ctrl-C (or send SIGTERM) right away.
  const stopped = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  const token = sim.tokens[0]!;
  const c = ctx.colors;
  ctx.out(c.bold(`Proxmox VE simulator listening on ${sim.url}`));
  ctx.out(`  Node:         ${sim.node}`);
  ctx.out(`  Token id:     ${token.id}`);
  ctx.out(`  Token secret: ${token.secret}   (a simulator token: printing it is fine, never do this with a real one)`);
  ctx.out(`  Fingerprint:  ${sim.fingerprint}`);
  ctx.out(`  Time scale:   ${sim.world.scenario.time_scale} real seconds per simulated second`);
  ctx.out(`  Cluster CA:   ${sim.url}/_sim/ca.pem (for proxmox.ca_file instead of a fingerprint)`);
  ctx.out(`  Control:      ${sim.url}/_sim/state (also /_sim/faults, /_sim/requests, /_sim/gpu-timeline)`);
  ctx.out();
  ctx.out(c.bold('Point Morpheus at it:'));
  ctx.out(`  export PROXMOX_API_TOKEN=${token.secret}`);
  ctx.out('  # ~/.morpheus/config.yaml (or any file passed with --config):');
  const snippet = simulatorConfigYaml(endpointOf(sim));
  for (const line of snippet.trimEnd().split('\n')) ctx.out(`  ${line}`);
  ctx.out();
  ctx.out(c.dim('Press Ctrl-C to stop.'));
  await stopped;
  await sim.close();
  return ExitCode.ok;
}
