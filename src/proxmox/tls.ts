import type { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';

export interface TlsPolicy {
  readonly verify: boolean;
  /** Colon-separated SHA-256 of the one certificate to accept, as Proxmox shows it. */
  readonly fingerprint?: string | undefined;
  /** PEM of a CA to trust instead of the system store (e.g. /etc/pve/pve-root-ca.pem). */
  readonly ca?: string | Buffer | undefined;
}

/** Thrown by the connector when the server's certificate is not the pinned one. */
export class FingerprintMismatchError extends Error {
  override readonly name = 'FingerprintMismatchError';
  readonly code = 'MORPHEUS_FINGERPRINT_MISMATCH';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`the server presented certificate ${actual}, but proxmox.fingerprint pins ${expected}`);
  }
}

export const normaliseFingerprint = (f: string): string => f.trim().toUpperCase();

/**
 * Builds undici's connector for a TLS policy. A pin replaces chain verification: Node skips
 * `checkServerIdentity` when the chain is untrusted (the usual self-signed PVE certificate), so the
 * pin is checked on the connected socket instead. Sessions are not cached under a pin, because a
 * resumed TLS 1.3 session may not expose the peer certificate to check.
 */
export function buildProxmoxConnector(policy: TlsPolicy, connectTimeoutMs: number): buildConnector.connector {
  const pin = policy.fingerprint === undefined ? undefined : normaliseFingerprint(policy.fingerprint);
  const verifyChain = policy.verify && pin === undefined;
  // A chain that is not verified needs no CA: an empty list spares Node parsing its ~140 bundled
  // root certificates, about 25 ms of CPU in each process that connects.
  const ca = verifyChain ? policy.ca : [];
  const base = buildConnector({
    timeout: connectTimeoutMs,
    rejectUnauthorized: verifyChain,
    ...(ca !== undefined && { ca }),
    ...(pin !== undefined && { maxCachedSessions: 0 }),
  });
  if (pin === undefined) return base;
  return (options, callback) => {
    base(options, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no socket'), null);
      const actual = (socket as TLSSocket).getPeerCertificate?.().fingerprint256 ?? '';
      if (normaliseFingerprint(actual) !== pin) {
        socket.destroy();
        return callback(new FingerprintMismatchError(pin, actual || '(none)'), null);
      }
      callback(null, socket);
    });
  };
}
