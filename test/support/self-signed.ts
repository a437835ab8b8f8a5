import { basicConstraints, buildCertificate, extKeyUsageServerAuth, KeyUsageBit, keyUsage, subjectAltName } from '../../src/simulator/tls/certificate';
import { encodeName, randomSerialNumber, toPem } from '../../src/simulator/tls/der';
import { generateKeyPair } from '../../src/simulator/tls/key-pair';

/**
 * A server certificate that signs itself, for 127.0.0.1: what `openssl req -x509` makes for a custom
 * pveproxy-ssl.pem. Unlike Proxmox's own, no CA file can vouch for it; only a pin.
 */
export function selfSignedServerCertificate(): { certPem: string; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPair('ec');
  const name = encodeName([['CN', 'pve.lan']], 'utf8');
  const now = Date.now();
  const der = buildCertificate({
    serialNumber: randomSerialNumber(),
    issuer: name,
    subject: name,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    publicKey,
    extensions: [
      basicConstraints(false),
      keyUsage([KeyUsageBit.digitalSignature, KeyUsageBit.keyEncipherment]),
      extKeyUsageServerAuth(),
      subjectAltName([{ ip: '127.0.0.1' }, { dns: 'pve.lan' }]),
    ],
    signingKey: privateKey,
  });
  return { certPem: toPem('CERTIFICATE', der), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}
