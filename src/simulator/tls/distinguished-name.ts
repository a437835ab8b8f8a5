import * as der from './der';
import { OID } from './oids';

export type NameAttribute = 'CN' | 'OU' | 'O';

/** One attribute per RDN, in the order given (Proxmox's CA and node names are not in the usual C..CN order). */
export type DistinguishedName = readonly (readonly [NameAttribute, string])[];

const ATTRIBUTE_OIDS: Record<NameAttribute, string> = {
  CN: OID.commonName,
  OU: OID.organizationalUnitName,
  O: OID.organizationName,
};

/**
 * Encodes a Name. OpenSSL's default string_mask writes UTF8String, but Proxmox's node certificate
 * request sets `string_mask = nombstr`, which yields PrintableString for these ASCII values.
 */
export function encodeName(name: DistinguishedName, stringType: 'utf8' | 'printable'): Buffer {
  const encodeValue = stringType === 'utf8' ? der.utf8String : der.printableString;
  return der.sequence(...name.map(([attribute, value]) => der.set(der.sequence(der.oid(ATTRIBUTE_OIDS[attribute]), encodeValue(value)))));
}
