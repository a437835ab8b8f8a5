/**
 * A minimal DER (ITU-T X.690) encoder: just the ASN.1 an X.509 v3 certificate needs. Every
 * function returns one complete TLV, so values compose by nesting calls.
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
