import * as der from './der';
import { ipAddressBytes } from './ip-address';
import { OID } from './oids';

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
