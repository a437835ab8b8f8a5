import { randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { modesFromConfig } from '../../src/modes/from-config';
import type { Config } from '../../src/config/schema';
import { DEFAULT_SCENARIO } from '../../src/simulator/default-scenario';
import type { ScenarioInput } from '../../src/simulator/scenario';
import { proxmoxClientFromConfig } from '../../src/proxmox/from-config';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import { createWorker } from '../../src/worker/create-worker';
import { testConfig, type TestConfigOptions } from './morpheus';
import { startTestSimulator, type TestSimulator } from './simulator';
import { installTestRuntime, testTemporal } from './temporal';

export interface Harness {
  readonly sim: TestSimulator;
  readonly config: Config;
  readonly client: Client;
  readonly connection: Connection;
  /** Starts a worker for this harness's task queue; stopped by close(). */
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<TestConfigOptions, 'taskQueue' | 'temporalAddress'>> {
  readonly scenario?: ScenarioInput;
  readonly timeScale?: number;
}

/**
 * A simulator with a host name of its own (so its workflow id meets no other test's), a config
 * parsed by the real loader, a Temporal client of the run's dev server, and an in-process worker.
 */
export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const node = `pve-${randomUUID().slice(0, 8)}`;
  const sim = await startTestSimulator({ scenario: { ...DEFAULT_SCENARIO, ...o.scenario, node }, timeScale: o.timeScale ?? 0.01 });
  const temporal = await testTemporal();
  const config = testConfig(sim, { ...o, taskQueue: temporal.taskQueue, temporalAddress: temporal.address });
  let running: { worker: Worker; done: Promise<void>; close: () => Promise<void> } | undefined;
  const stopWorker = async () => {
    if (!running) return;
    const r = running;
    running = undefined;
    if (r.worker.getState() === 'RUNNING') r.worker.shutdown();
    await r.done;
    await r.close();
  };
  return {
    sim,
    config,
    client: temporal.client,
    connection: temporal.connection,
    async startWorker() {
      installTestRuntime();
      const proxmox = proxmoxClientFromConfig(config.proxmox);
      const { worker, connection } = await createWorker({
        temporal: temporalConnectionOptions(config.temporal),
        proxmox,
        settings: { node: config.proxmox.node, modes: modesFromConfig(config), rollback: config.switch.rollback },
      });
      const done = worker.run();
      running = { worker, done, close: async () => (await connection.close(), await proxmox.close()) };
      return worker;
    },
    stopWorker,
    async close() {
      await stopWorker();
      await temporal.connection.close();
      await sim.close();
    },
  };
}
