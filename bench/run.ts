import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '@temporalio/worker';
import { projectRoot } from '../src/shared/project-root';
import { runtimeLogging } from '../src/worker/logger';
import { benchCliStart } from './cli-start';
import { startBenchContext } from './context';
import { benchEngine } from './engine';
import { benchScale } from './scale';
import type { Figures } from './figures';
import { GOALS, table } from './report';
import { benchSwitchCli } from './switch-cli';
import { benchWorkerReady } from './worker-ready';

// `npm run bench [-- --short|--long]`: every figure of issue 8, each against a baseline measured in the
// same run, printed as a table and written to bench/results/latest.json. See bench/README.md.
const SIZES = {
  short: { cliRuns: 3, workerRuns: 2, switchRounds: 1, engineRounds: 3, scaleHosts: [1, 10] },
  normal: { cliRuns: 9, workerRuns: 5, switchRounds: 3, engineRounds: 9, scaleHosts: [1, 10, 100] },
  long: { cliRuns: 25, workerRuns: 11, switchRounds: 8, engineRounds: 25, scaleHosts: [1, 10, 100] },
} as const;

async function main(): Promise<void> {
  const size = process.argv.includes('--short') ? 'short' : process.argv.includes('--long') ? 'long' : 'normal';
  const n = SIZES[size];
  // `--only <section>` runs one section (cli, worker, switch, engine, scale) and writes its figures to bench/results/<section>.json.
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  const loadBefore = loadavg();
  const started = Date.now();
  Runtime.install(runtimeLogging('ERROR'));
  const ctx = await startBenchContext();
  const sections: Figures[] = [];
  try {
    const step = async (key: string, name: string, run: () => Promise<Figures>) => {
      if (only !== undefined && only !== key) return;
      console.error(`bench: ${name}...`);
      sections.push(await run());
    };
    await step('cli', 'CLI start-up and reads', () => benchCliStart(ctx, n.cliRuns));
    await step('worker', 'worker start-up', () => benchWorkerReady(ctx, n.workerRuns));
    await step('switch', 'switches through the CLI (time scale 0.2)', () => benchSwitchCli(ctx, n.switchRounds, 0.2));
    await step('engine', 'engine against direct calls, history sizes (time scale 0.01)', () => benchEngine(ctx, n.engineRounds, 0.01));
    await step('scale', `one worker, ${n.scaleHosts.join(', then ')} hosts switching at once (time scale 0.2)`, () => benchScale(ctx, n.scaleHosts, 0.2));
  } finally {
    await ctx.close();
  }
  const figures: Record<string, number | null> = Object.assign({}, ...sections.map((s) => s.figures));
  const result = {
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      load_average_before: loadBefore.map((l) => Number(l.toFixed(2))),
      load_average_after: loadavg().map((l) => Number(l.toFixed(2))),
    },
    run: { size, ...n, date: new Date(started).toISOString(), duration_s: Math.round((Date.now() - started) / 1000), commit: gitCommit() },
    figures,
    goals: GOALS,
    details: Object.assign({}, ...sections.map((s) => s.details)),
  };
  const dir = join(projectRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = only === undefined ? 'latest.json' : `${only}.json`;
  writeFileSync(join(dir, file), `${JSON.stringify(result, null, 2)}\n`);
  console.log(table(figures));
  console.log(
    `\n${result.machine.cpus} CPUs, Node ${result.machine.node}, load average ${result.machine.load_average_before.join(' ')} before, ${result.machine.load_average_after.join(' ')} after; written to bench/results/${file}`,
  );
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot(), encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
