import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import type { CertificateFacts } from './facts';

const name = (fields: PeerCertificate['subject'] | undefined): string => {
  if (!fields) return '(none)';
  const cn = (fields as unknown as Record<string, string | string[] | undefined>)['CN'];
  const o = (fields as unknown as Record<string, string | string[] | undefined>)['O'];
  return [cn && `CN=${String(cn)}`, o && `O=${String(o)}`].filter(Boolean).join(', ') || '(no name)';
};

/**
 * The certificate host:port presents, read by a handshake that trusts nothing and sends nothing
 * else, so `doctor` can show what to pin whatever the config says. Undefined when no TLS handshake
 * completes within `timeoutMs`.
 */
export function peerCertificate(host: string, port: number, timeoutMs: number): Promise<CertificateFacts | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIP(host) === 0 && { servername: host }), timeout: timeoutMs });
    const done = (facts: CertificateFacts | undefined) => {
      socket.destroy();
      resolve(facts);
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert || !cert.fingerprint256) return done(undefined);
      done({
        fingerprint: cert.fingerprint256.toUpperCase(),
        subject: name(cert.subject),
        issuer: name(cert.issuer),
        validTo: new Date(cert.valid_to).toISOString().slice(0, 10),
        altNames: (cert.subjectaltname ?? '')
          .split(',')
          .map((s) => s.trim().replace(/^(DNS|IP Address):/, ''))
          .filter(Boolean),
      });
    });
    socket.once('timeout', () => done(undefined));
    socket.once('error', () => done(undefined));
  });
}
