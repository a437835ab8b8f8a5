import { createHash } from 'node:crypto';

/** SHA-256 of the DER certificate as uppercase colon-separated hex, the form Proxmox and X509Certificate#fingerprint256 show. */
export function fingerprint256(certificateDer: Buffer): string {
  return (createHash('sha256').update(certificateDer).digest('hex').toUpperCase().match(/../g) ?? []).join(':');
}
