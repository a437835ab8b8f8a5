import { randomUUID, type KeyObject } from 'node:crypto';
import { encodeName } from './distinguished-name';
import {
  authorityKeyIdentifier,
  basicConstraints,
  extKeyUsageServerAuth,
  KeyUsageBit,
  keyUsage,
  subjectAltName,
  subjectKeyIdentifier,
  type SubjectAltName,
} from './extensions';
import { fingerprint256 } from './fingerprint';
import { generateKeyPair, keyIdentifier, type KeyType } from './key-pair';
import { toPem } from './pem';
import { randomSerialNumber } from './serial-number';
import { buildCertificate } from './x509-certificate';

export type { KeyType } from './key-pair';

// Proxmox VE signs with `openssl ... -days 3650` (CA) and `-days 730` (node).
const CA_VALIDITY_DAYS = 3650;
const NODE_VALIDITY_DAYS = 730;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Validity {
  /** Defaults to now, or to notAfter minus the default lifetime when only notAfter is given. */
  readonly notBefore?: Date;
  /** Defaults to notBefore plus 10 years (CA) or 2 years (node). */
  readonly notAfter?: Date;
}

export interface CertificateAuthorityOptions extends Validity {
  /** Default 'rsa' (2048-bit). */
  readonly keyType?: KeyType;
}

export interface CertificateAuthority {
  readonly certPem: string;
  readonly fingerprint256: string;
  readonly privateKey: KeyObject;
  /** DER subject Name, reused verbatim as the issuer of node certificates. */
  readonly subject: Buffer;
  readonly keyIdentifier: Buffer;
}

export interface NodeCertificateOptions extends Validity {
  /** Default 'pve'. */
  readonly nodeName?: string;
  /** Default `${nodeName}.morpheus.invalid`. */
  readonly fqdn?: string;
  readonly extraDnsNames?: readonly string[];
  readonly extraIps?: readonly string[];
  /** Default 'rsa' (2048-bit). */
  readonly keyType?: KeyType;
}

export interface NodeCertificate {
  readonly certPem: string;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
  readonly fingerprint256: string;
}

export interface PveCertificatesOptions extends Omit<NodeCertificateOptions, 'notBefore' | 'notAfter'> {
  readonly caValidity?: Validity;
  readonly nodeValidity?: Validity;
}

export interface PveCertificates extends NodeCertificate {
  readonly caCertPem: string;
  readonly caFingerprint256: string;
}

function resolveValidity({ notBefore, notAfter }: Validity, days: number): { notBefore: Date; notAfter: Date } {
  const start = notBefore ?? (notAfter ? new Date(notAfter.getTime() - days * DAY_MS) : new Date());
  return { notBefore: start, notAfter: notAfter ?? new Date(start.getTime() + days * DAY_MS) };
}

/** The cluster CA Proxmox VE keeps in /etc/pve/pve-root-ca.pem: self-signed, OU is a fresh UUID. */
export function createCertificateAuthority(options: CertificateAuthorityOptions = {}): CertificateAuthority {
  const { publicKey, privateKey, spki } = generateKeyPair(options.keyType ?? 'rsa');
  const subject = encodeName(
    [
      ['CN', 'Proxmox Virtual Environment'],
      ['OU', randomUUID()],
      ['O', 'PVE Cluster Manager CA'],
    ],
    'utf8',
  );
  const keyId = keyIdentifier(spki);
  const certDer = buildCertificate({
    serialNumber: randomSerialNumber(),
    issuer: subject,
    subject,
    ...resolveValidity(options, CA_VALIDITY_DAYS),
    publicKey,
    extensions: [basicConstraints(true), keyUsage([KeyUsageBit.keyCertSign, KeyUsageBit.cRLSign]), subjectKeyIdentifier(keyId)],
    signingKey: privateKey,
  });
  return { certPem: toPem('CERTIFICATE', certDer), fingerprint256: fingerprint256(certDer), privateKey, subject, keyIdentifier: keyId };
}

/** A node's pve-ssl.pem / pve-ssl.key, signed by the cluster CA. */
export function issueNodeCertificate(ca: CertificateAuthority, options: NodeCertificateOptions = {}): NodeCertificate {
  const nodeName = options.nodeName ?? 'pve';
  const fqdn = options.fqdn ?? `${nodeName}.morpheus.invalid`;
  // Proxmox's order, with extra IPs where it puts the node's own address.
  const names = uniqueNames([
    { ip: '127.0.0.1' },
    { ip: '::1' },
    { dns: 'localhost' },
    ...(options.extraIps ?? []).map((ip) => ({ ip })),
    { dns: nodeName },
    { dns: fqdn },
    ...(options.extraDnsNames ?? []).map((dns) => ({ dns })),
  ]);
  const { publicKey, spki, pkcs8Pem } = generateKeyPair(options.keyType ?? 'rsa');
  const certDer = buildCertificate({
    serialNumber: randomSerialNumber(),
    issuer: ca.subject,
    subject: encodeName(
      [
        ['OU', 'PVE Cluster Node'],
        ['O', 'Proxmox Virtual Environment'],
        ['CN', fqdn],
      ],
      'printable',
    ),
    ...resolveValidity(options, NODE_VALIDITY_DAYS),
    publicKey,
    extensions: [
      basicConstraints(false),
      keyUsage([KeyUsageBit.digitalSignature, KeyUsageBit.keyEncipherment]),
      extKeyUsageServerAuth(),
      subjectAltName(names),
      authorityKeyIdentifier(ca.keyIdentifier),
      subjectKeyIdentifier(keyIdentifier(spki)),
    ],
    signingKey: ca.privateKey,
  });
  return {
    certPem: toPem('CERTIFICATE', certDer),
    keyPem: pkcs8Pem,
    fingerprint256: fingerprint256(certDer),
  };
}

/** A fresh CA and a node certificate it issued, both with the same key type. */
export function createPveCertificates(options: PveCertificatesOptions = {}): PveCertificates {
  const { caValidity, nodeValidity, ...nodeOptions } = options;
  const ca = createCertificateAuthority({ ...caValidity, keyType: options.keyType });
  return { caCertPem: ca.certPem, caFingerprint256: ca.fingerprint256, ...issueNodeCertificate(ca, { ...nodeOptions, ...nodeValidity }) };
}

function uniqueNames(names: readonly SubjectAltName[]): SubjectAltName[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = 'dns' in name ? `dns:${name.dns.toLowerCase()}` : `ip:${name.ip}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
