import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';

// The test run's one dev server, started by test/run.ts; tests never start their own.
export const TEST_TEMPORAL_ADDRESS = process.env['MORPHEUS_TEST_TEMPORAL_ADDRESS'] ?? '';

let runtimeInstalled = false;

/**
 * Quiet SDK logs in tests; must run before the first worker or native connection, and only when one
 * follows: an installed runtime that never gets a worker keeps the test process alive. A no-op when
 * the test file installed a runtime of its own (e.g. one whose logs it reads).
 */
export function installTestRuntime(): void {
  if (runtimeInstalled || Runtime._instance !== undefined) return;
  // Core (Rust) logs go to the console on their own; forward them to the quiet logger instead.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  runtimeInstalled = true;
}

/** A client of the test dev server, and a task queue of its own so parallel suites never meet. */
export async function testTemporal(): Promise<{ client: Client; connection: Connection; taskQueue: string; address: string }> {
  if (!TEST_TEMPORAL_ADDRESS) throw new Error('MORPHEUS_TEST_TEMPORAL_ADDRESS is not set: run the tests with `npm test`');
  const connection = await Connection.connect({ address: TEST_TEMPORAL_ADDRESS });
  return { client: new Client({ connection }), connection, taskQueue: `morpheus-test-${randomUUID().slice(0, 8)}`, address: TEST_TEMPORAL_ADDRESS };
}
