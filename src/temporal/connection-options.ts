import { readFileSync } from 'node:fs';
import type { TemporalConfig } from '../config/schema';

/** TLS settings in the shape both Temporal connections (client and worker) take. */
export interface TemporalTls {
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
  serverNameOverride?: string;
}

export interface TemporalConnectionOptions {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly tls: TemporalTls | undefined;
  readonly apiKey: string | undefined;
}

/** Connection settings from the config (TEMPORAL_* overrides are already applied by the loader). */
export function temporalConnectionOptions(t: TemporalConfig): TemporalConnectionOptions {
  const tls: TemporalTls | undefined = t.tls.enabled
    ? {
        ...(t.tls.ca_file && { serverRootCACertificate: readFileSync(t.tls.ca_file) }),
        ...(t.tls.cert_file && t.tls.key_file && { clientCertPair: { crt: readFileSync(t.tls.cert_file), key: readFileSync(t.tls.key_file) } }),
        ...(t.tls.server_name && { serverNameOverride: t.tls.server_name }),
      }
    : undefined;
  return { address: t.address, namespace: t.namespace, taskQueue: t.task_queue, tls, apiKey: t.api_key };
}
