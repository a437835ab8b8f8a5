import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput, type SwitchResult } from '../src/contract/switch';
import { endpointOf, simulatorHostsConfigYaml } from '../src/simulator/config-snippet';
import { DEFAULT_SCENARIO } from '../src/simulator/default-scenario';
import { startSimulator, type RunningSimulator } from '../src/simulator/server';
import type { BenchContext } from './context';
import type { Figures } from './figures';
import { summarize } from './stats';
import { launchWorker } from './worker-process';

/** One worker, `hosts` simulated hosts, every host switching linux → windows at once. */
interface ScaleRound {
  readonly hosts: number;
  readonly succeeded: number;
  /** Why each failed switch failed (first few), or why the round could not run. */
  readonly failures: readonly string[];
  readonly p50_overhead_ms: number | null;
  readonly p95_overhead_ms: number | null;
  readonly switches_per_s: number | null;
  readonly worker_ready_ms: number | null;
  readonly worker_rss_mb_max: number | null;
  readonly worker_cpu_s: number | null;
  /** The same round's CPU seconds of this process (every simulator, and the client awaiting the switches) and of the Temporal dev server. */
  readonly simulators_cpu_s: number | null;
  readonly temporal_cpu_s: number | null;
}

const TARGET = 'windowsvrstreaming';

/**
 * The scale bench: one `morpheus worker` process serving a `hosts:` config of one simulated host (the
 * baseline), then of 10, then of 100 (`steps`), all switching at once. A round that does not succeed
 * everywhere stops the climb, and says what broke. Overhead is each switch's wall time minus its configured guest time; the
 * worker's memory (largest RSS seen, sampled every 100 ms) and CPU time (user + system, during the
 * switches) come from /proc. The simulators run in this process, so they compete with the worker
 * for the machine's cores: the overheads are an upper bound.
 */
export async function benchScale(ctx: BenchContext, steps: readonly number[], timeScale: number): Promise<Figures> {
  const rounds: ScaleRound[] = [];
  for (const hosts of steps) {
    console.error(`bench: scale: ${hosts} hosts...`);
    const round = await scaleRound(ctx, hosts, timeScale);
    rounds.push(round);
    if (round.succeeded < hosts) break;
  }
  const last = rounds[rounds.length - 1]!;
  const passed = rounds.filter((r) => r.succeeded === r.hosts);
  const baseline = rounds[0]!.p50_overhead_ms;
  return {
    figures: {
      'scale.hosts': passed.length > 0 ? passed[passed.length - 1]!.hosts : 0,
      'scale.baseline_overhead_ms': baseline,
      'scale.p95_ratio': baseline === null || last.p95_overhead_ms === null ? null : last.p95_overhead_ms / baseline,
      'scale.all_succeeded': last.succeeded === last.hosts ? 1 : 0,
      'scale.p50_overhead_ms': last.p50_overhead_ms,
      'scale.p95_overhead_ms': last.p95_overhead_ms,
      'scale.switches_per_s': last.switches_per_s,
      'scale.worker_rss_mb': last.worker_rss_mb_max,
      'scale.worker_cpu_s': last.worker_cpu_s,
      'scale.simulators_cpu_s': last.simulators_cpu_s,
      'scale.temporal_cpu_s': last.temporal_cpu_s,
    },
    details: { scale_time_scale: timeScale, scale_rounds: rounds },
  };
}

async function scaleRound(ctx: BenchContext, count: number, timeScale: number): Promise<ScaleRound> {
  const sims: RunningSimulator[] = [];
  const empty = {
    p50_overhead_ms: null,
    p95_overhead_ms: null,
    switches_per_s: null,
    worker_ready_ms: null,
    worker_rss_mb_max: null,
    worker_cpu_s: null,
    simulators_cpu_s: null,
    temporal_cpu_s: null,
  };
  try {
    for (let i = 0; i < count; i++) {
      sims.push(await startSimulator({ keyType: 'ec', timeScale, scenario: { ...DEFAULT_SCENARIO, node: `bench-${count}-${i}`, time_scale: timeScale } }));
    }
    const taskQueue = `bench-scale-${count}`;
    const configFile = join(ctx.configFile, '..', `scale-${count}.yaml`);
    writeFileSync(
      configFile,
      simulatorHostsConfigYaml(
        sims.map((sim, i) => ({
          ...endpointOf(sim),
          secretVar: `TOKEN_${i}`,
        })),
        `temporal:\n  address: "${ctx.server.address}"\n  task_queue: ${taskQueue}`,
      ),
    );
    const env = { ...ctx.env, ...Object.fromEntries(sims.map((sim, i) => [`TOKEN_${i}`, sim.tokens[0]!.secret])) };
    const worker = await launchWorker({ client: ctx.client, configFile, env, taskQueue }, 120_000);
    try {
      // The simulated guest's own time (ms, scaled): ACPI shutdown of 101, start task and boot of 102.
      const behaviour = (vmid: number) => sims[0]!.world.scenario.vms.find((v) => v.vmid === vmid)!.behaviour;
      const guestMs = (behaviour(101).shutdown_duration + behaviour(102).start_duration + behaviour(102).boot_duration) * timeScale;
      const sampler = sampleProcess(worker.pid);
      const others = { simulators: cpuSeconds(process.pid), temporal: cpuSeconds(ctx.server.process.pid!) };
      const started = Date.now();
      const outcomes = await Promise.all(sims.map((sim) => timedSwitch(ctx.client, sim.node, taskQueue)));
      const wallMs = Date.now() - started;
      const usage = sampler.stop();
      const simulatorsCpuS = cpuSeconds(process.pid) - others.simulators;
      const temporalCpuS = cpuSeconds(ctx.server.process.pid!) - others.temporal;
      const ok = outcomes.filter((o) => o.error === undefined);
      const overheads = summarizeTail(ok.map((o) => o.ms - guestMs));
      return {
        hosts: count,
        succeeded: ok.length,
        failures: outcomes.flatMap((o, i) => (o.error === undefined ? [] : [`${sims[i]!.node}: ${o.error}`])).slice(0, 5),
        ...overheads,
        switches_per_s: ok.length / (wallMs / 1000),
        worker_ready_ms: worker.readyMs,
        worker_rss_mb_max: usage.rssMbMax,
        worker_cpu_s: usage.cpuS,
        simulators_cpu_s: simulatorsCpuS,
        temporal_cpu_s: temporalCpuS,
      };
    } finally {
      await worker.stop();
    }
  } catch (err) {
    return { hosts: count, succeeded: 0, failures: [`the round did not run: ${err instanceof Error ? err.message : String(err)}`], ...empty };
  } finally {
    await Promise.all(sims.map((sim) => sim.close()));
  }
}

async function timedSwitch(client: Client, node: string, taskQueue: string): Promise<{ ms: number; error?: string }> {
  const input: SwitchInput = { action: 'switch', target: TARGET, force: false, requestedBy: 'bench:scale' };
  const started = Date.now();
  try {
    const result = await client.workflow.execute<(i: SwitchInput) => Promise<SwitchResult>>(SWITCH_WORKFLOW_TYPE, {
      workflowId: switchWorkflowId(node),
      taskQueue,
      args: [input],
    });
    const ms = Date.now() - started;
    return result.outcome === 'switched' ? { ms } : { ms, error: `outcome ${result.outcome}` };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { ms: Date.now() - started, error: `${err instanceof Error ? err.message : String(err)}${cause}` };
  }
}

function summarizeTail(samples: readonly number[]): { p50_overhead_ms: number | null; p95_overhead_ms: number | null } {
  if (samples.length === 0) return { p50_overhead_ms: null, p95_overhead_ms: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  return { p50_overhead_ms: summarize(sorted).median, p95_overhead_ms: p95 };
}

/** Samples a process's resident memory every 100 ms; `stop()` returns the largest and the CPU time used meanwhile. */
function sampleProcess(pid: number): { stop(): { rssMbMax: number; cpuS: number } } {
  const cpuAtStart = cpuSeconds(pid);
  let rssMbMax = rssMb(pid);
  const timer = setInterval(() => (rssMbMax = Math.max(rssMbMax, rssMb(pid))), 100);
  return {
    stop() {
      clearInterval(timer);
      rssMbMax = Math.max(rssMbMax, rssMb(pid));
      return { rssMbMax, cpuS: cpuSeconds(pid) - cpuAtStart };
    },
  };
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? 0 : Number(kb) / 1024;
}

/** User + system CPU seconds of a process (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
