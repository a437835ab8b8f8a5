import { createHash, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * A minimal DER (ITU-T X.690) encoder: just the ASN.1 an X.509 v3 certificate needs. Every
 * function returns one complete TLV, so values compose by nesting calls. Also here: the object
 * identifiers, names, IP addresses and serial numbers a certificate holds, and its PEM form and
 * fingerprint. (Hand-written rather than a library: a few hundred lines, no start-up cost.)
 */

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 0x100)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(tag), encodeLength(content.length), content]);
}

export function sequence(...items: readonly Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

/** SET OF: DER orders the members by their encodings. */
export function set(...items: readonly Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
}

/** A non-negative INTEGER; a Buffer is read as an unsigned big-endian magnitude. */
export function integer(value: bigint | Buffer): Buffer {
  const magnitude = typeof value === 'bigint' ? bigintBytes(value) : value;
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let bytes = magnitude.length === 0 ? Buffer.of(0) : magnitude.subarray(start);
  // A set high bit would read as a negative two's-complement number.
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes]);
  return tlv(0x02, bytes);
}

function bigintBytes(value: bigint): Buffer {
  if (value < 0n) throw new RangeError('negative INTEGERs are not supported');
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
}

function base128(arc: bigint): number[] {
  const out = [Number(arc & 0x7fn)];
  for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) out.unshift(Number(rest & 0x7fn) | 0x80);
  return out;
}

/** OBJECT IDENTIFIER from dotted form, e.g. "2.5.4.3". */
export function oid(dotted: string): Buffer {
  if (!/^[0-2]\.\d+(\.\d+)*$/.test(dotted)) throw new TypeError(`not an OID: ${dotted}`);
  const [first = 0n, second = 0n, ...rest] = dotted.split('.').map(BigInt);
  return tlv(0x06, Buffer.from([first * 40n + second, ...rest].flatMap(base128)));
}

export function utf8String(value: string): Buffer {
  return tlv(0x0c, Buffer.from(value, 'utf8'));
}

export function printableString(value: string): Buffer {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)) throw new TypeError(`not a PrintableString: ${JSON.stringify(value)}`);
  return tlv(0x13, Buffer.from(value, 'latin1'));
}

/**
 * A certificate validity time. RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050
 * (and before 1950, which UTCTime's two-digit year cannot express). Seconds precision, always UTC.
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (!Number.isFinite(year) || year < 0 || year > 9999) throw new RangeError(`cannot encode date ${String(date)}`);
  const two = (n: number): string => String(n).padStart(2, '0');
  const rest = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map(two).join('');
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(`${two(year % 100)}${rest}Z`, 'latin1'))
    : tlv(0x18, Buffer.from(`${String(year).padStart(4, '0')}${rest}Z`, 'latin1'));
}

export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.of(unusedBits), bytes]));
}

/** A named-bit BIT STRING (e.g. KeyUsage): bit 0 is the first byte's MSB; DER drops trailing zero bits. */
export function namedBitString(bits: readonly number[]): Buffer {
  if (bits.length === 0) return bitString(Buffer.alloc(0));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] |= 0x80 >> (bit & 7);
  return bitString(bytes, 7 - (highest & 7));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(0x04, bytes);
}

/** [tagNumber] EXPLICIT: a constructed context-specific wrapper around one complete TLV. */
export function explicit(tagNumber: number, inner: Buffer): Buffer {
  return tlv(0xa0 | contextTagNumber(tagNumber), inner);
}

/** [tagNumber] IMPLICIT for a primitive type: the content octets under a context-specific tag. */
export function implicit(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(0x80 | contextTagNumber(tagNumber), content);
}

function contextTagNumber(tagNumber: number): number {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 30) throw new RangeError(`unsupported tag number ${tagNumber}`);
  return tagNumber;
}

export function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.of(value ? 0xff : 0x00));
}

export const NULL: Buffer = Buffer.of(0x05, 0x00);

/** The object identifiers the simulator's certificates use, in dotted form. */
export const OID = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;

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
  const encodeValue = stringType === 'utf8' ? utf8String : printableString;
  return sequence(...name.map(([attribute, value]) => set(sequence(oid(ATTRIBUTE_OIDS[attribute]), encodeValue(value)))));
}

/** The 4 or 16 network-order bytes of an IP address, as a subjectAltName iPAddress carries them. */
export function ipAddressBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  if (!isIPv6(address) || address.includes('%')) throw new TypeError(`not an IP address: ${address}`);
  const words = ipv6Words(address);
  const bytes = Buffer.alloc(16);
  words.forEach((word, i) => bytes.writeUInt16BE(word, i * 2));
  return bytes;
}

/** The eight 16-bit groups of a valid IPv6 address, expanding `::` and an embedded IPv4 tail. */
function ipv6Words(address: string): number[] {
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').flatMap(group));
  const [head = '', tail] = address.split('::');
  if (tail === undefined) return groups(head);
  const [before, after] = [groups(head), groups(tail)];
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

function group(text: string): number[] {
  if (!text.includes('.')) return [parseInt(text, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

/** RFC 7468 textual encoding: base64 in 64-character lines between BEGIN/END labels. */
export function toPem(label: string, derBytes: Buffer): string {
  const lines = derBytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** SHA-256 of the DER certificate as uppercase colon-separated hex, the form Proxmox and X509Certificate#fingerprint256 show. */
export function fingerprint256(certificateDer: Buffer): string {
  return (createHash('sha256').update(certificateDer).digest('hex').toUpperCase().match(/../g) ?? []).join(':');
}

/** 16 random bytes with the top bit cleared and the next set: positive, and always exactly 16 octets in DER. */
export function randomSerialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40;
  return serial;
}
