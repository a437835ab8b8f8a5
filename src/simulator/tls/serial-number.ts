import { randomBytes } from 'node:crypto';

/** 16 random bytes with the top bit cleared and the next set: positive, and always exactly 16 octets in DER. */
export function randomSerialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40;
  return serial;
}
