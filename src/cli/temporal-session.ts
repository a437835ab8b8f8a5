import type { Client } from '@temporalio/client';
import { ExitCode, MorpheusError } from '../errors';
import type { TemporalConnectionOptions } from '../temporal/connection-options';

/** Thrown when Temporal cannot be reached; one line naming the address. */
export class TemporalUnreachableError extends MorpheusError {
  override readonly name = 'TemporalUnreachableError';
  readonly code = 'MORPHEUS_TEMPORAL_UNREACHABLE';
  readonly exitCode = ExitCode.unreachable;
}

export interface TemporalSession {
  readonly client: Client;
  readonly options: TemporalConnectionOptions;
  close(): Promise<void>;
}

/**
 * Connects the CLI to Temporal. `@temporalio/client` is required here, lazily, so commands that do not
 * talk to Temporal never load it, and the CLI never loads the worker's native addon.
 */
export async function connectTemporal(options: TemporalConnectionOptions, timeoutMs = 5_000): Promise<TemporalSession> {
  const { Client, Connection } = require('@temporalio/client') as typeof import('@temporalio/client');
  try {
    const connection = await Connection.connect({
      address: options.address,
      connectTimeout: timeoutMs,
      ...(options.tls && { tls: options.tls }),
      ...(options.apiKey && { apiKey: options.apiKey }),
    });
    return { client: new Client({ connection, namespace: options.namespace }), options, close: () => connection.close() };
  } catch (err) {
    throw new TemporalUnreachableError(`cannot reach Temporal at ${options.address}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, {
      cause: err,
      hint: 'start one with `morpheus worker --dev-server`, or point temporal.address / TEMPORAL_ADDRESS at your server',
    });
  }
}
