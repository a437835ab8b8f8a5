import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Config } from '../../src/config/schema';
import { DEFAULT_SCENARIO } from '../../src/simulator/default-scenario';
import type { ScenarioInput } from '../../src/simulator/scenario';
import { runWorker, type RunningWorker } from '../../src/worker/run-worker';
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
  let running: RunningWorker | undefined;
  const stopWorker = async () => {
    const r = running;
    running = undefined;
    await r?.stop();
  };
  return {
    sim,
    config,
    client: temporal.client,
    connection: temporal.connection,
    async startWorker() {
      installTestRuntime();
      running = await runWorker(config);
      return running.worker;
    },
    stopWorker,
    async close() {
      await stopWorker();
      await temporal.connection.close();
      await sim.close();
    },
  };
}

/**
 * For a `describe` block: before it, a harness with a worker running (unless `worker: false`); after
 * it, everything closed. `h` is read inside the block's tests and hooks.
 */
export function describeHarness(o: HarnessOptions & { worker?: boolean } = {}): { readonly h: Harness } {
  let harness: Harness | undefined;
  before(async () => {
    harness = await startHarness(o);
    if (o.worker !== false) await harness.startWorker();
  });
  after(() => harness?.close());
  return {
    get h(): Harness {
      return harness!;
    },
  };
}
