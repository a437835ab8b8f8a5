import { readFileSync } from 'node:fs';
import type { ProxmoxConfig } from '../config/schema';
import { ProxmoxClient } from './client';
import type { ReadRetryPolicy } from './read-retry';

/**
 * Builds the Proxmox client a config describes (the config loader already warned about verify_ssl:
 * false); `readRetry` replaces the client's default re-reading.
 */
export function proxmoxClientFromConfig(proxmox: ProxmoxConfig, readRetry?: ReadRetryPolicy): ProxmoxClient {
  return new ProxmoxClient({
    ...(readRetry && { readRetry }),
    host: proxmox.host,
    port: proxmox.port,
    node: proxmox.node,
    tokenId: proxmox.api_token_id,
    tokenSecret: proxmox.api_token_secret,
    requestTimeoutMs: proxmox.request_timeout,
    tls: {
      verify: proxmox.verify_ssl,
      fingerprint: proxmox.fingerprint,
      ca: proxmox.ca_file === undefined ? undefined : readFileSync(proxmox.ca_file),
    },
  });
}
