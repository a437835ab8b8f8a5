import { bareNode, BIN, type BenchContext, morpheus, type Timed, timedRun } from './context';
import type { Figures } from './figures';
import { summarize } from './stats';

/**
 * Cold start of the CLI, each command a new process as a user runs it, interleaved with the baseline
 * (bare `node -e 0`, then each command, round after round), and the Proxmox requests of one
 * `mode list` and one `mode status`.
 */
export async function benchCliStart(ctx: BenchContext, runs: number): Promise<Figures> {
  ctx.reset(0.2);
  const commands: Record<string, string[]> = { version: ['--version'], help: ['--help'], list: ['mode', 'list'], status: ['mode', 'status'] };
  // As typed: `morpheus --version` and `morpheus --help` need no config; the reads get the bench's.
  const run = (name: string) =>
    name === 'version' || name === 'help' ? timedRun(process.execPath, [BIN, ...commands[name]!], ctx.env) : morpheus(ctx, commands[name]!);
  const samples: Record<string, number[]> = { bare: [], version: [], help: [], list: [], status: [] };
  const ok = (name: string, t: Timed): number => {
    if (t.code !== 0) throw new Error(`morpheus ${commands[name]!.join(' ')} exited ${t.code}: ${t.stderr.trim()}`);
    return t.ms;
  };
  // One warm-up round: the first process of a run pays for the disk cache.
  await bareNode();
  for (const name of Object.keys(commands)) ok(name, await run(name));
  for (let i = 0; i < runs; i++) {
    samples['bare']!.push((await bareNode()).ms);
    for (const name of Object.keys(commands)) samples[name]!.push(ok(name, await run(name)));
  }
  const requestsOf = async (args: string[]) => {
    ctx.sim.world.counter.reset();
    ok(args[1]!, await morpheus(ctx, args));
    return ctx.sim.world.counter.snapshot();
  };
  const list = await requestsOf(['mode', 'list']);
  const status = await requestsOf(['mode', 'status']);
  const bare = summarize(samples['bare']!).median;
  const median = (name: string) => summarize(samples[name]!).median;
  return {
    figures: {
      'cli.bare_node_ms': bare,
      'cli.version_ms': median('version'),
      'cli.version_ratio': median('version') / bare,
      'cli.help_ratio': median('help') / bare,
      'cli.list_ms': median('list'),
      'cli.list_ratio': median('list') / bare,
      'cli.status_ratio': median('status') / bare,
      'list.requests': list.total,
      'status.requests': status.total,
    },
    details: { cli_samples_ms: samples, list_requests: list.endpoints, status_requests: status.endpoints },
  };
}
