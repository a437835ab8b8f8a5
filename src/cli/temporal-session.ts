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

/** The Web UI page of a workflow, where it can be guessed: a local dev server (UI on port + 1000), Temporal Cloud, or MORPHEUS_UI_URL. */
export function webUiUrl(o: TemporalConnectionOptions, workflowId: string, runId?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = `/namespaces/${encodeURIComponent(o.namespace)}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${runId}/history` : ''}`;
  const override = env['MORPHEUS_UI_URL'];
  if (override) return `${override.replace(/\/$/, '')}${path}`;
  if (o.address.endsWith('.tmprl.cloud:7233')) return `https://cloud.temporal.io${path}`;
  const m = /^(localhost|127\.0\.0\.1|\[::1\]):(\d+)$/.exec(o.address);
  return m ? `http://${m[1]}:${Number(m[2]) + 1000}${path}` : undefined;
}
