import { randomUUID, sign, type KeyObject } from 'node:crypto';
import * as der from './der';
import { encodeName, fingerprint256, ipAddressBytes, OID, randomSerialNumber, toPem } from './der';
import { generateKeyPair, keyIdentifier, type KeyType } from './key-pair';

/** The AlgorithmIdentifier for a SHA-256 signature by this key (RSA takes explicit NULL parameters, ECDSA none). */
export function signatureAlgorithm(signingKey: KeyObject): Buffer {
  if (signingKey.asymmetricKeyType === 'rsa') return der.sequence(der.oid(OID.sha256WithRSAEncryption), der.NULL);
  if (signingKey.asymmetricKeyType === 'ec') return der.sequence(der.oid(OID.ecdsaWithSHA256));
  throw new TypeError(`unsupported signing key type ${String(signingKey.asymmetricKeyType)}`);
}

export type SubjectAltName = { readonly dns: string } | { readonly ip: string };

function extension(extnId: string, value: Buffer, critical: boolean): Buffer {
  // DER omits `critical` when it has its DEFAULT value, FALSE.
  return der.sequence(der.oid(extnId), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/** Critical, as RFC 5280 requires for CA certificates; CA:FALSE encodes as an empty SEQUENCE. */
export function basicConstraints(ca: boolean): Buffer {
  return extension(OID.basicConstraints, der.sequence(...(ca ? [der.boolean(true)] : [])), true);
}

export const KeyUsageBit = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

export function keyUsage(bits: readonly number[]): Buffer {
  return extension(OID.keyUsage, der.namedBitString(bits), true);
}

export function extKeyUsageServerAuth(): Buffer {
  return extension(OID.extKeyUsage, der.sequence(der.oid(OID.serverAuth)), false);
}

export function subjectKeyIdentifier(keyId: Buffer): Buffer {
  return extension(OID.subjectKeyIdentifier, der.octetString(keyId), false);
}

/** Only the keyIdentifier field ([0] IMPLICIT), matching the issuer's subjectKeyIdentifier. */
export function authorityKeyIdentifier(issuerKeyId: Buffer): Buffer {
  return extension(OID.authorityKeyIdentifier, der.sequence(der.implicit(0, issuerKeyId)), false);
}

export function subjectAltName(names: readonly SubjectAltName[]): Buffer {
  const generalNames = names.map((name) => ('dns' in name ? der.implicit(2, dnsNameBytes(name.dns)) : der.implicit(7, ipAddressBytes(name.ip))));
  return extension(OID.subjectAltName, der.sequence(...generalNames), false);
}

// dNSName is an IA5String; allow letters, digits, hyphens, dots and a leading wildcard label.
function dnsNameBytes(name: string): Buffer {
  if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(name)) throw new TypeError(`not a DNS name: ${JSON.stringify(name)}`);
  return Buffer.from(name, 'ascii');
}

export interface CertificateFields {
  readonly serialNumber: Buffer;
  /** DER Names; an issued certificate's issuer is the issuer certificate's subject, byte for byte. */
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  /** DER Extension values. */
  readonly extensions: readonly Buffer[];
  readonly signingKey: KeyObject;
}

/** Builds and signs an X.509 v3 certificate (RFC 5280 4.1), returning its DER. */
export function buildCertificate(fields: CertificateFields): Buffer {
  if (fields.notAfter.getTime() <= fields.notBefore.getTime()) throw new RangeError('notAfter must be later than notBefore');
  const algorithm = signatureAlgorithm(fields.signingKey);
  const tbsCertificate = der.sequence(
    der.explicit(0, der.integer(2n)), // v3
    der.integer(fields.serialNumber),
    algorithm,
    fields.issuer,
    der.sequence(der.time(fields.notBefore), der.time(fields.notAfter)),
    fields.subject,
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(...fields.extensions)),
  );
  // sha256 with an RSA key is PKCS#1 v1.5; with an EC key Node emits the DER ECDSA-Sig-Value X.509 expects.
  return der.sequence(tbsCertificate, algorithm, der.bitString(sign('sha256', tbsCertificate, fields.signingKey)));
}

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
