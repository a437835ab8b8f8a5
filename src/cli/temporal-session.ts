import type { Client } from '@temporalio/client';
import { ExitCode, MorpheusError } from '../errors';
import type { TemporalConnectionOptions } from '../temporal/connection-options';
import { tcpAnswers } from '../temporal/tcp-probe';

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

const loadClient = () => require('@temporalio/client') as typeof import('@temporalio/client');

/**
 * Connects the CLI to Temporal. `@temporalio/client` is required here, lazily, so commands that do not
 * talk to Temporal never load it, and the CLI never loads the worker's native addon.
 */
export async function connectTemporal(options: TemporalConnectionOptions, timeoutMs = 5_000): Promise<TemporalSession> {
  const client = loadClient();
  // A TCP look first: a server that is down refuses at once, where gRPC would wait out its deadline.
  // (After the require, which can hold the event loop for a while on a busy machine.)
  const problem = await tcpAnswers(options.address, timeoutMs);
  if (problem) throw unreachable(options, problem);
  return open(client, options, timeoutMs);
}

/** The connection alone, for a caller that takes the TCP look itself (`mode list` and `mode status`, from their main thread). */
export function openTemporalSession(options: TemporalConnectionOptions, timeoutMs: number): Promise<TemporalSession> {
  return open(loadClient(), options, timeoutMs);
}

async function open({ Client, Connection }: ReturnType<typeof loadClient>, options: TemporalConnectionOptions, timeoutMs: number): Promise<TemporalSession> {
  try {
    const connection = await Connection.connect({
      address: options.address,
      connectTimeout: timeoutMs,
      ...(options.tls && { tls: options.tls }),
      ...(options.apiKey && { apiKey: options.apiKey }),
    });
    return { client: new Client({ connection, namespace: options.namespace }), options, close: () => connection.close() };
  } catch (err) {
    throw unreachable(options, err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err), err);
  }
}

export const unreachableMessage = (address: string, problem: string) => `cannot reach Temporal at ${address}: ${problem}`;

const unreachable = (options: TemporalConnectionOptions, problem: string, cause?: unknown) =>
  new TemporalUnreachableError(unreachableMessage(options.address, problem), {
    cause,
    hint: 'start one with `morpheus worker --dev-server`, or point temporal.address / TEMPORAL_ADDRESS at your server',
  });
