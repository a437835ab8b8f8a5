import { setTimeout as sleep } from 'node:timers/promises';
import { parseDocument } from 'yaml';
import { parseConfigText } from '../src/config';
import { usableAddress } from '../src/host/guest-address';
import { proxmoxClientFromConfig } from '../src/proxmox/from-config';
import { waitForTask } from '../src/proxmox/task-wait';
import { endpointOf, simulatorConfigYaml } from '../src/simulator/config-snippet';
import { DEFAULT_SCENARIO } from '../src/simulator/default-scenario';
import { runWorker } from '../src/worker/run-worker';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput } from '../src/contract/switch';
import type { BenchContext } from './context';
import type { Figures } from './figures';
import { summarize, timeIt } from './stats';

/**
 * What durable orchestration costs, without the CLI: a time-scaled linux → windows switch run as the
 * Temporal workflow on an in-process worker (observe, plan, shutdown against its timer, GPU check,
 * start, network wait), against a baseline in the same run that makes the essential Proxmox calls
 * directly, in a plain loop, with no Temporal at all. Then the history length of a plain switch, a
 * switch whose guest ignores ACPI (forced stop), and a switch whose target fails to start (rollback).
 */
export async function benchEngine(ctx: BenchContext, rounds: number, timeScale: number): Promise<Figures> {
  const token = ctx.sim.tokens[0]!;
  const yaml = parseDocument(
    simulatorConfigYaml({
      ...endpointOf(ctx.sim),
      extra: `temporal:\n  address: "${ctx.server.address}"\n  task_queue: ${ctx.taskQueue}`,
    }),
  );
  // The forced stop waits out a shutdown timeout: 1 s for the mode that ignores ACPI, the default 60 s
  // (which Proxmox counts in simulated time) for the others.
  yaml.setIn(['proxmox', 'modes', 'nimsforestnogpu', 'shutdown_timeout'], '1s');
  const { config } = parseConfigText(String(yaml), { source: 'bench', env: { PROXMOX_API_TOKEN: token.secret } });
  const proxmox = proxmoxClientFromConfig(config.proxmox);
  const worker = await runWorker(config, proxmox);

  const direct = async () => {
    await waitForTask(proxmox, await proxmox.shutdownVm(101, { timeoutS: 60, forceStop: true }), { timeoutMs: 60_000 });
    await waitForTask(proxmox, await proxmox.startVm(102), { timeoutMs: 60_000 });
    while (!usableAddress(await proxmox.agentNetworkInterfaces(102))) await sleep(50);
  };
  const switchTo = async (target: string) => {
    const input: SwitchInput = { action: 'switch', target, force: false, requestedBy: 'bench' };
    const handle = await ctx.client.workflow.start(SWITCH_WORKFLOW_TYPE, {
      workflowId: switchWorkflowId(ctx.sim.node),
      taskQueue: ctx.taskQueue,
      args: [input],
    });
    await handle.result().catch(() => undefined);
    return handle;
  };
  const historyLength = async (target: string): Promise<number> => (await (await switchTo(target)).describe()).historyLength;

  const baseline: number[] = [];
  const measured: number[] = [];
  const events: Record<string, number> = {};
  try {
    for (let i = 0; i < rounds; i++) {
      ctx.reset(timeScale);
      baseline.push(await timeIt(direct));
      ctx.reset(timeScale);
      const started = process.hrtime.bigint();
      const handle = await switchTo('windowsvrstreaming');
      measured.push(Number(process.hrtime.bigint() - started) / 1e6);
      events['plain'] = (await handle.describe()).historyLength;
    }
    // The same switch, from nimsforestnogpu (VM 103), whose guest ignores ACPI.
    const vms = (DEFAULT_SCENARIO.vms ?? []).map((vm) =>
      vm.vmid === 101
        ? { ...vm, status: 'stopped' as const }
        : vm.vmid === 103
          ? { ...vm, status: 'running' as const, behaviour: { ...vm.behaviour, ignores_acpi: true } }
          : vm,
    );
    ctx.reset(timeScale, { ...DEFAULT_SCENARIO, vms });
    events['forced'] = await historyLength('windowsvrstreaming');
    ctx.reset(timeScale);
    ctx.sim.world.patchVm(102, { behaviour: { start_fails: 'start failed: QEMU exited with code 1' } });
    events['rollback'] = await historyLength('windowsvrstreaming');
  } finally {
    await worker.stop();
    await proxmox.close();
  }
  const engine = summarize(measured).median;
  const plain = summarize(baseline).median;
  return {
    figures: {
      'engine.workflow_ms': engine,
      'engine.direct_ms': plain,
      'engine.ratio': engine / plain,
      'history.events_plain': events['plain'] ?? null,
      'history.events_forced': events['forced'] ?? null,
      'history.events_rollback': events['rollback'] ?? null,
    },
    details: { engine_time_scale: timeScale, engine_workflow_ms: measured, engine_direct_ms: baseline },
  };
}
