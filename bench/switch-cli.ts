import type { BenchContext } from './context';
import { morpheus } from './context';
import type { Figures } from './figures';
import { summarize } from './stats';
import { launchWorker } from './worker-process';

const CONFIG_READS = 'GET /nodes/{node}/qemu/{vmid}/config';

/**
 * `morpheus mode switch` as a user runs it (a new CLI process, a `morpheus worker` process), one stop
 * and one start each time, alternating linux → windows and back. Overhead is the wall time minus the
 * guest time the simulator is configured with (ACPI shutdown + start task + boot until the agent
 * answers, time-scaled), so it is what Morpheus adds. Every switch's Proxmox requests are counted.
 */
export async function benchSwitchCli(ctx: BenchContext, rounds: number, timeScale: number): Promise<Figures> {
  ctx.reset(timeScale);
  const worker = await launchWorker(ctx);
  const behaviour = (vmid: number) => ctx.sim.world.scenario.vms.find((v) => v.vmid === vmid)!.behaviour;
  const guestMs = (from: number, to: number) => (behaviour(from).shutdown_duration + behaviour(to).start_duration + behaviour(to).boot_duration) * timeScale;
  const legs = [
    { target: 'windowsvrstreaming', from: 101, to: 102 },
    { target: 'linuxvrstreaming', from: 102, to: 101 },
  ];
  const overhead: number[] = [];
  const requests: number[] = [];
  const configReadsMax: number[] = [];
  const perSwitch: unknown[] = [];
  try {
    for (let i = 0; i < rounds * 2; i++) {
      const leg = legs[i % 2]!;
      ctx.sim.world.counter.reset();
      const run = await morpheus(ctx, ['mode', 'switch', leg.target]);
      if (run.code !== 0) throw new Error(`morpheus mode switch ${leg.target} exited ${run.code}: ${run.stderr.trim()} ${run.stdout.trim()}`);
      const counted = ctx.sim.world.counter.snapshot();
      overhead.push(run.ms - guestMs(leg.from, leg.to));
      requests.push(counted.total);
      configReadsMax.push(Math.max(0, ...Object.values(counted.byVm[CONFIG_READS] ?? {})));
      perSwitch.push({
        target: leg.target,
        wall_ms: run.ms,
        guest_ms: guestMs(leg.from, leg.to),
        requests: counted.endpoints,
        config_reads: counted.byVm[CONFIG_READS] ?? {},
      });
    }
  } finally {
    await worker.stop();
  }
  return {
    figures: {
      'switch.requests': summarize(requests).median,
      'switch.requests_max': summarize(requests).max,
      'switch.config_reads_per_vm_max': Math.max(...configReadsMax),
      'switch.overhead_ms_median': summarize(overhead).median,
      'switch.guest_ms': guestMs(101, 102),
    },
    details: { switch_time_scale: timeScale, switch_overhead_ms: overhead, switch_requests: requests, switches: perSwitch },
  };
}
