import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TlsChoice } from '../../config-init/render-config';
import { peerCertificate } from '../../doctor/tls-probe';
import { UsageError } from '../../errors';
import type { ProxmoxClient } from '../../proxmox/client';
import { ProxmoxTlsError } from '../../proxmox/errors';
import type { TlsPolicy } from '../../proxmox/tls';
import type { ConfigInitDeps, ConfigInitOptions } from './init';

/** The TLS policy to read the host with, and what the config will say: the CA given, a pin, or nothing to pin. */
export async function chooseTls(
  deps: ConfigInitDeps,
  o: ConfigInitOptions,
  host: string,
  connect: (tls: TlsPolicy) => ProxmoxClient,
): Promise<{ policy: TlsPolicy; choice: TlsChoice }> {
  if (o.caFile) return { policy: { verify: true, ca: readFileSync(o.caFile) }, choice: { kind: 'ca', file: resolve(o.caFile) } };
  if (o.fingerprint) {
    const fingerprint = o.fingerprint.trim().toUpperCase();
    return { policy: { verify: true, fingerprint }, choice: { kind: 'pin', fingerprint } };
  }
  const probe = connect({ verify: true });
  try {
    await probe.version();
    return { policy: { verify: true }, choice: { kind: 'system' } };
  } catch (err) {
    if (!(err instanceof ProxmoxTlsError)) throw err;
  } finally {
    await probe.close();
  }
  const cert = await peerCertificate(host, o.port, 5_000);
  if (!cert) throw new UsageError(`${host}:${o.port} did not complete a TLS handshake`, { hint: 'check --host and --port (the Proxmox API listens on 8006)' });
  deps.say(`The certificate of ${host}:${o.port} is not signed by a CA this machine trusts (as usual for Proxmox):`);
  deps.say(`  ${cert.subject}, issued by ${cert.issuer}, valid until ${cert.validTo}`);
  deps.say(`  SHA-256 fingerprint: ${cert.fingerprint}`);
  deps.say('  Compare it with `pvenode cert info` on the host (or Node → System → Certificates) before you trust it.');
  const pin = { policy: { verify: true, fingerprint: cert.fingerprint }, choice: { kind: 'pin', fingerprint: cert.fingerprint } as const };
  if (o.yes) return pin;
  if (deps.ask && /^y/i.test(await deps.ask('Pin this certificate in the config? [y/N]', 'n'))) return pin;
  throw new UsageError('the certificate was not pinned, so nothing was read or written', {
    hint: `run again with --fingerprint ${cert.fingerprint} once you have checked it on the host (or --yes to pin what it presents), or --ca-file with a copy of /etc/pve/pve-root-ca.pem`,
  });
}
