import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { parseConfigText } from '../src/config';
import { startDevServer } from '../src/devserver/dev-server';
import { ensureTemporalCli } from '../src/devserver/temporal-cli';
import { usableAddress } from '../src/host/guest-address';
import { proxmoxClientFromConfig } from '../src/proxmox/from-config';
import { waitForTask } from '../src/proxmox/task-wait';
import { simulatorConfigYaml } from '../src/simulator/config-snippet';
import { DEFAULT_SCENARIO } from '../src/simulator/default-scenario';
import { startSimulator } from '../src/simulator/server';
import { runWorker } from '../src/worker/run-worker';
import { runtimeLogging } from '../src/worker/logger';
import { SWITCH_WORKFLOW_TYPE, switchWorkflowId, type SwitchInput, type SwitchResult } from '../src/contract/switch';
import { ratioLine, timeIt } from './stats';

// What durable orchestration costs: a time-scaled linux → windows switch run as the Temporal workflow
// (observe, plan, ACPI shutdown + timer race, verify, GPU check, start, verify, network wait), against
// a baseline in the same run that makes the essential Proxmox calls directly, in a plain loop, with
// no Temporal at all. Usage: node dist/bench/switch.js [rounds=10] [timeScale=0.01]
async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 10);
  const timeScale = Number(process.argv[3] ?? 0.01);
  Runtime.install(runtimeLogging('ERROR'));
  const sim = await startSimulator({ keyType: 'ec', timeScale });
  const temporalCli = await ensureTemporalCli((line) => console.error(line));
  const server = await startDevServer({ cliPath: temporalCli.path, uiPort: false });
  const token = sim.tokens[0]!;
  const yaml = simulatorConfigYaml({ host: sim.host, port: sim.port, node: sim.node, tokenId: token.id, fingerprint: sim.fingerprint, extra: `temporal:\n  address: "${server.address}"\n  task_queue: bench` });
  const { config } = parseConfigText(yaml, { source: 'bench', env: { PROXMOX_API_TOKEN: token.secret } });
  const proxmox = proxmoxClientFromConfig(config.proxmox);
  const worker = await runWorker(config, proxmox);
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection });
  const reset = () => sim.world.resetFrom({ ...DEFAULT_SCENARIO, time_scale: timeScale });

  const direct = async () => {
    await waitForTask(proxmox, await proxmox.shutdownVm(101, { timeoutS: 60, forceStop: true }), { timeoutMs: 60_000 });
    await waitForTask(proxmox, await proxmox.startVm(102), { timeoutMs: 60_000 });
    while (!usableAddress(await proxmox.agentNetworkInterfaces(102))) await sleep(50);
  };
  const input: SwitchInput = { action: 'switch', target: 'windowsvrstreaming', force: false, requestedBy: 'bench' };
  let historyLength = 0;
  const viaWorkflow = async () => {
    const handle = await client.workflow.start(SWITCH_WORKFLOW_TYPE, { workflowId: switchWorkflowId(sim.node), taskQueue: 'bench', args: [input] });
    const result = (await handle.result()) as SwitchResult;
    if (result.outcome !== 'switched') throw new Error(`unexpected outcome ${result.outcome}`);
    historyLength = (await handle.describe()).historyLength;
  };

  const baseline: number[] = [];
  const measured: number[] = [];
  for (let i = 0; i < rounds; i++) {
    reset();
    baseline.push(await timeIt(direct));
    reset();
    measured.push(await timeIt(viaWorkflow));
  }
  console.log(ratioLine(`switch linux → windows as a Temporal workflow (time scale ${timeScale}, ${historyLength} history events)`, measured, baseline, 'the same Proxmox calls made directly'));
  await worker.stop();
  await clientConnection.close();
  await proxmox.close();
  await server.stop();
  await sim.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
